"""Who listens on a TCP port: so the stack never takes another checkout's server for its own.

On Linux the listening socket's inode is found in /proc/net/tcp{,6} and matched against the
sockets each process holds open (/proc/<pid>/fd); elsewhere only "is it taken" is known.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

PROC = Path("/proc")
LISTEN = "0A"


def port_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.3)
        return s.connect_ex((host, port)) == 0


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Can we bind it? (A connect test misses listeners on another address of the machine.)"""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _listening_inodes(port: int) -> set[str]:
    inodes: set[str] = set()
    for table in ("tcp", "tcp6"):
        path = PROC / "net" / table
        try:
            lines = path.read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) < 10 or fields[3] != LISTEN:
                continue
            if int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    return inodes


def _socket_inodes(pid: int) -> set[str]:
    found: set[str] = set()
    try:
        fds = list((PROC / str(pid) / "fd").iterdir())
    except OSError:
        return found
    for fd in fds:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(target[8:-1])
    return found


def supported() -> bool:
    return (PROC / "net" / "tcp").exists()


def listeners(port: int) -> list[int]:
    """Pids of the processes holding a listening socket on `port` (those we may inspect)."""
    inodes = _listening_inodes(port)
    if not inodes:
        return []
    pids = []
    for entry in PROC.iterdir():
        if entry.name.isdigit() and _socket_inodes(int(entry.name)) & inodes:
            pids.append(int(entry.name))
    return sorted(pids)


def owned_by(port: int, pid: int) -> bool:
    """Does `pid` hold a listening socket on `port`? True where this cannot be known."""
    if not supported():
        return True
    inodes = _listening_inodes(port)
    return bool(inodes) and bool(_socket_inodes(pid) & inodes)


def describe(pid: int) -> str:
    try:
        cmd = (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        cwd = os.readlink(PROC / str(pid) / "cwd")
    except OSError:
        return f"pid {pid}"
    return f"pid {pid} ({cmd[:120]}) in {cwd}"


def who(port: int) -> str:
    pids = listeners(port) if supported() else []
    return "; ".join(describe(p) for p in pids) if pids else "another process"
