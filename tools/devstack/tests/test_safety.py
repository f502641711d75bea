"""`make run` safety: ports and the database server are the stack's own, a dead process is
restarted with backoff, SIGTERM stops everything."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack import ports
from devstack.pg import EmbeddedPostgres, NotOurServer
from devstack.stack import Child, PortTaken, Processes
from devstack.testing import TestDatabase, free_port


@pytest.fixture
def foreign_listener() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield int(s.getsockname()[1])


def test_listener_pid_is_found(foreign_listener: int) -> None:
    assert ports.listeners(foreign_listener) == [os.getpid()]
    assert ports.owned_by(foreign_listener, os.getpid())
    assert not ports.owned_by(foreign_listener, os.getppid())
    assert not ports.port_free(foreign_listener)


def test_a_taken_port_refuses_to_start_the_stack(foreign_listener: int) -> None:
    procs = Processes()
    with pytest.raises(
        PortTaken, match=rf"fund port {foreign_listener} is in use by pid {os.getpid()}"
    ):
        procs.start(dict(os.environ), {"fund": foreign_listener}, free_port())
    assert procs.children == {}  # nothing was started


def test_a_stale_postmaster_pid_and_a_foreign_listener_are_not_our_server(
    tmp_path: Path, foreign_listener: int
) -> None:
    data = tmp_path / "pg"
    data.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (data / "postmaster.pid").write_text(f"{dead.pid}\n{data}\n0\n{foreign_listener}\n")
    pg = EmbeddedPostgres(data, foreign_listener)
    with pytest.raises(NotOurServer, match=r"not by the PostgreSQL server .* stale"):
        pg.start()
    assert pg._clients(0) == []  # the failed start did not stay registered


def test_our_live_pid_file_on_a_port_another_process_serves_is_refused(
    tmp_path: Path, foreign_listener: int
) -> None:
    data = tmp_path / "pg"
    data.mkdir()
    # A live process that is not the listener (ours is the pytest process; use the parent).
    (data / "postmaster.pid").write_text(f"{os.getppid()}\n{data}\n0\n{foreign_listener}\n")
    with pytest.raises(NotOurServer, match=rf"taken by pid {os.getpid()}"):
        EmbeddedPostgres(data, foreign_listener).start()


def test_a_dead_child_is_restarted_with_growing_backoff() -> None:
    lines: list[str] = []
    procs = Processes(backoff_initial=0.2, backoff_max=0.4, log=lines.append)
    procs.env = dict(os.environ)
    args = [sys.executable, "-c", "import sys; sys.exit(3)"]
    procs.children["worker"] = Child("worker", args, free_port(), procs._spawn("worker", args), 0)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and procs.children["worker"].restarts < 3:
        procs.supervise()
        time.sleep(0.05)
    procs.stop()
    assert procs.children["worker"].restarts == 3
    delays = [line for line in lines if "restarting in" in line]
    assert delays[0] == "worker exited with code 3; restarting in 0.2 s (restart 1)"
    # doubled, then capped
    assert [d.split("restarting in ")[1].split(" s")[0] for d in delays[:3]] == [
        "0.2",
        "0.4",
        "0.4",
    ]
    assert [d.split("(restart ")[1] for d in delays[:3]] == ["1)", "2)", "3)"]
    assert sum("restarted (pid" in line for line in lines) == 3


def _wait_for(proc: subprocess.Popen[str], text: str, seconds: float) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + seconds
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"{text!r} not printed in {seconds} s:\n{''.join(seen[-30:])}")


def test_run_restarts_a_dead_service_and_stops_cleanly_on_sigterm(
    test_database: TestDatabase,
) -> None:
    service_ports = {name: free_port() for name in ("fund", "housing", "medical", "airdefence")}
    gateway = free_port()
    env = dict(os.environ)
    env.update({f"{n.upper()}_PORT": str(p) for n, p in service_ports.items()})
    env.update(GATEWAY_PORT=str(gateway), DATABASE_URL=test_database.admin, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "devstack", "run"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for(proc, "Wenzhou policy services are up", 120)
        medical = ports.listeners(service_ports["medical"])
        assert len(medical) == 1
        os.kill(medical[0], signal.SIGKILL)
        _wait_for(proc, "medical restarted (pid", 30)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not ports.listeners(service_ports["medical"]):
            time.sleep(0.2)
        assert ports.listeners(service_ports["medical"]) not in ([], medical)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    for port in (*service_ports.values(), gateway):
        assert ports.port_free(port), f"port {port} still taken by {ports.who(port)}"
