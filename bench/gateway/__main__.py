"""Gateway benchmark: one upstream, reached directly, through nginx and through the gateway.

    python -m bench.gateway            (from the repository root, with the project's venv)
    python bench/gateway/__main__.py   (the same, standalone)

In one run it starts a trivial upstream (FastAPI under uvicorn, uvloop + httptools, one process),
nginx as a keep-alive reverse proxy in front of it (one worker), and the gateway (`python -m
gateway`, one process) in front of it too; then `wrk` measures each in interleaved rounds
(loopback only, bounded durations) and prints the median throughput, p99 latency, CPU time per
request of every process involved, and the ratio gateway / nginx.

nginx and wrk are Debian packages this script does not install: without wrk the load comes from
the Python closed-loop client of bench/settlement/load.py (the report says which), without nginx
its row is skipped; either way the script says how to install them. `--smoke` runs one tiny
round and writes nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:  # python bench/gateway/__main__.py
    sys.path.insert(0, str(ROOT))
DOC = ROOT / "docs" / "BENCHMARKS.md"
PATH = "/fund/v1/rules"
CLK_TCK = os.sysconf("SC_CLK_TCK")

NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  upstream service {{ server 127.0.0.1:{upstream}; keepalive 64; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://service;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_ticks(pid: int) -> int:
    """utime + stime of a process and its children (nginx's worker), in clock ticks."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError):
            pass
    return total


@dataclass
class Target:
    name: str
    url: str
    pids: dict[str, int]  # process label → pid whose CPU is attributed to this row
    rps: list[float] = field(default_factory=list)
    p99_ms: list[float] = field(default_factory=list)
    cpu_us: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0


def parse_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(target: Target, token: str, args: argparse.Namespace, duration: int) -> None:
    before = {label: cpu_ticks(pid) for label, pid in target.pids.items()}
    out = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{duration:g}s",
            "--latency",
            "-H",
            f"Authorization: Bearer {token}",
            target.url + PATH,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 30,
    ).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    if duration < args.duration:
        return  # warm-up
    target.rps.append(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)))  # type: ignore[union-attr]
    target.p99_ms.append(parse_ms(re.search(r"99%\s+(\S+)", out).group(1)))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    target.errors += int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        target.errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    for label, pid in target.pids.items():
        ticks = cpu_ticks(pid) - before[label]
        per_request = ticks / CLK_TCK / max(requests, 1) * 1e6
        target.cpu_us.setdefault(label, []).append(per_request)


def run_python(target: Target, token: str, args: argparse.Namespace, duration: float) -> None:
    """The same measurement with the Python client, where wrk is not installed."""
    from bench.common import run_loop
    from bench.settlement.load import run_load

    headers = {"Authorization": f"Bearer {token}"}

    def make(worker: int, n: int) -> tuple[str, str, dict[str, str], bytes]:
        return "GET", PATH, headers, b""

    before = {label: cpu_ticks(pid) for label, pid in target.pids.items()}
    result = run_loop(
        run_load(target.url, make, connections=args.connections, seconds=duration, warmup=0)
    )
    if duration < args.duration:
        return  # warm-up
    target.rps.append(result.rate)
    target.p99_ms.append(result.p(0.99))
    target.errors += result.failures + sum(n for s, n in result.statuses.items() if s != 200)
    for label, pid in target.pids.items():
        ticks = cpu_ticks(pid) - before[label]
        target.cpu_us.setdefault(label, []).append(ticks / CLK_TCK / max(result.completed, 1) * 1e6)


def wait_http(url: str, proc: subprocess.Popen[bytes], token: str, timeout: float = 30) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}")
        try:
            req = urllib.request.Request(  # noqa: S310 - our own loopback URL
                url, headers={"Authorization": f"Bearer {token}"}
            )
            with urllib.request.urlopen(req, timeout=1) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(url)


def version_of(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=5)
    except OSError:
        return "?"
    text = (done.stdout + done.stderr).strip().splitlines()
    return text[0].split(" Copyright")[0].removeprefix("nginx version: ") if text else "?"


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    from importlib.metadata import version

    import httptools
    import uvicorn

    return (
        f"{os.cpu_count()} cores ({cpu}), {mem_kb / 1024 / 1024:.0f} GiB, Linux "
        f"{platform.release()}; Python {platform.python_version()}, uvicorn {uvicorn.__version__}"
        f", uvloop {version('uvloop')}, httptools {httptools.__version__}; "
        f"{version_of(['nginx', '-v'])}; {version_of(['wrk', '-v'])}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gateway", description=__doc__)
    parser.add_argument("--duration", type=int, default=5, help="seconds per measurement (≥ 2)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per row")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--update-docs",
        action="store_true",
        help='rewrite the "## Gateway" section of docs/BENCHMARKS.md',
    )
    parser.add_argument("--smoke", action="store_true", help="one tiny round, docs not written")
    args = parser.parse_args(argv)
    if args.smoke:
        args.duration, args.rounds, args.connections, args.threads = 1, 1, 2, 1
        args.update_docs = False
    elif args.duration < 2:
        parser.error("--duration must be at least 2 seconds (1 s is the warm-up)")

    wrk = shutil.which("wrk") is not None
    measure = run_wrk if wrk else run_python
    args.load = (
        f"`wrk -t{args.threads} -c{args.connections}`"
        if wrk
        else f"the Python closed-loop client of bench/settlement/load.py, {args.connections} "
        "connections (wrk not installed)"
    )
    if not wrk:
        print("wrk is not installed, the Python client makes the load: apt-get install -y wrk")
    nginx = shutil.which("nginx")
    if nginx is None:
        print("nginx is not installed, its row is skipped: apt-get install -y nginx")

    sys.path.insert(0, str(ROOT / "shared" / "src"))  # standalone runs: govkit from the tree
    from govkit.tokens import ensure_keys, mint

    procs: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="bench-gateway-") as tmp_name:
        tmp = Path(tmp_name)
        jwks = ensure_keys(tmp / "keys")
        token = mint(tmp / "keys", ["fund:read"], client_id="bench", ttl=3600)
        up_port, nginx_port, gw_port = free_port(), free_port(), free_port()
        upstream_url = f"http://127.0.0.1:{up_port}"

        def spawn(args_: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
            proc = subprocess.Popen(
                args_, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            procs.append(proc)
            return proc

        try:
            upstream = spawn(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "upstream:app",
                    "--app-dir",
                    str(HERE),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(up_port),
                    "--no-access-log",
                    "--log-level",
                    "warning",
                    "--loop",
                    "uvloop",
                    "--http",
                    "httptools",
                ]
            )
            env = dict(os.environ)
            for service in ("FUND", "HOUSING", "MEDICAL", "AIRDEFENCE"):
                env[f"GATEWAY_{service}_URL"] = upstream_url
            env.update(
                {
                    "GATEWAY_JWKS_PATH": str(jwks),
                    # Limiter on (its cost is measured) but high enough never to refuse wrk.
                    "GATEWAY_RATE_LIMIT_PER_SECOND": "1000000000",
                    "GATEWAY_RATE_LIMIT_BURST": "1000000000",
                }
            )
            gateway = spawn(
                [sys.executable, "-m", "gateway", "--host", "127.0.0.1", "--port", str(gw_port)],
                env=env,
            )
            wait_http(upstream_url + PATH, upstream, token)
            targets = [Target("direct", upstream_url, {"upstream": upstream.pid})]
            if nginx:
                conf = tmp / "nginx.conf"
                conf.write_text(NGINX_CONF.format(tmp=tmp, upstream=up_port, port=nginx_port))
                proxy = spawn(
                    [nginx, "-c", str(conf), "-p", str(tmp), "-e", str(tmp / "nginx-error.log")]
                )
                wait_http(f"http://127.0.0.1:{nginx_port}{PATH}", proxy, token)
                targets.append(
                    Target(
                        "nginx",
                        f"http://127.0.0.1:{nginx_port}",
                        {"upstream": upstream.pid, "proxy": proxy.pid},
                    )
                )
            wait_http(f"http://127.0.0.1:{gw_port}{PATH}", gateway, token)
            targets.append(
                Target(
                    "gateway",
                    f"http://127.0.0.1:{gw_port}",
                    {"upstream": upstream.pid, "proxy": gateway.pid},
                )
            )

            print(
                f"warming up, then {args.rounds} rounds × {len(targets)} rows × "
                f"{args.duration:g} s ({args.load}) …",
                flush=True,
            )
            if not args.smoke:
                for target in targets:
                    measure(target, token, args, 1)
            for _ in range(args.rounds):
                for target in targets:  # interleaved: drift on a shared machine hits every row
                    measure(target, token, args, args.duration)
        finally:
            for proc in reversed(procs):
                if proc.poll() is None:
                    proc.terminate()
            for proc in procs:
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()

    report = render(targets, args, machine())
    print(report)
    if args.update_docs:
        update_docs(report)
        print(f"\nwritten to {DOC.relative_to(ROOT)}")
    broken = [t.name for t in targets if t.errors or not t.rps or not min(t.rps) > 0]
    if broken:  # a benchmark of failures has measured nothing
        print(f"errors or no answers: {', '.join(broken)}", file=sys.stderr)
        return 1
    return 0


def render(targets: list[Target], args: argparse.Namespace, machine_line: str) -> str:
    by = {t.name: t for t in targets}

    def med(values: list[float]) -> float:
        return statistics.median(values) if values else float("nan")

    rows = [
        "| path | req/s (median) | p99 ms (median) | upstream CPU µs/req | proxy CPU µs/req "
        "| errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for t in targets:
        proxy = f"{med(t.cpu_us['proxy']):.0f}" if "proxy" in t.cpu_us else "–"
        rows.append(
            f"| {t.name} | {med(t.rps):,.0f} | {med(t.p99_ms):.1f} | "
            f"{med(t.cpu_us['upstream']):.0f} | {proxy} | {t.errors} |"
        )
    lines = [
        "## Gateway",
        "",
        "`python -m bench.gateway` (bench/gateway/): a trivial FastAPI upstream shaped like "
        f"`GET {PATH}` (uvicorn, uvloop + httptools, one process), reached directly"
        + (", through nginx (one worker, keep-alive upstream pool)," if "nginx" in by else "")
        + " and through the gateway (`python -m "
        "gateway`, one process: token verified (cached), rate limit, circuit breaker, "
        "request ID, traceparent, metrics, keep-alive pool on httptools). "
        f"Load: {args.load} with a bearer token, loopback, "
        f"{args.rounds} interleaved rounds of {args.duration:g} s per row; medians.",
        "",
        f"Machine: {machine_line}. Everything (load client, upstream, proxy) shares these cores, so "
        "a proxy's own CPU cost lowers the throughput of the whole chain.",
        "",
        *rows,
        "",
    ]
    if "nginx" in by and "gateway" in by:
        ratio = med(by["gateway"].rps) / med(by["nginx"].rps)
        lines.append(
            f"**gateway / nginx throughput: {ratio:.2f}×** "
            f"(gateway / direct: {med(by['gateway'].rps) / med(by['direct'].rps):.2f}×; "
            f"per round: {', '.join(f'{g / n:.2f}' for g, n in zip(by['gateway'].rps, by['nginx'].rps, strict=True))})"
        )
    elif "gateway" in by:
        lines.append(
            "nginx not installed (apt-get install -y nginx): "
            f"gateway / direct: {med(by['gateway'].rps) / med(by['direct'].rps):.2f}×"
        )
    return "\n".join(lines) + "\n"


def update_docs(report: str) -> None:
    """Replace the "## Gateway" section (up to the next "## ") and leave the others as they are."""
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == "## Gateway"), None)
    if start is None:
        text = text.rstrip("\n") + "\n\n" + report
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        kept_notes = _notes(lines[start:end])
        text = (
            "".join(lines[:start])
            + report
            + kept_notes
            + ("\n" if end < len(lines) else "")
            + "".join(lines[end:])
        )
    DOC.write_text(text)


def _notes(section: list[str]) -> str:
    """Hand-written notes after the generated table ("### Notes" onwards) survive a re-run."""
    for i, line in enumerate(section):
        if line.startswith("### "):
            return "\n" + "".join(section[i:]).rstrip("\n") + "\n"
    return ""


if __name__ == "__main__":
    raise SystemExit(main())
