"""Development stack.

python -m devstack run            # database, migrations, four services and the gateway
python -m devstack test -- CMD…   # database ready for tests, then CMD with WZ_TEST_ADMIN_URL set
python -m devstack token SCOPES   # a development token (last line)
python -m devstack generate       # compose.yaml and deploy/k8s/base from the service registry
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

from devstack import bootstrap as bs
from devstack import stack
from devstack.pg import NotOurServer
from govkit.tokens import ensure_keys
from govkit.tokens import main as tokens_main


def _ports() -> tuple[dict[str, int], int]:
    ports = {s: stack.env_int(f"{s.upper()}_PORT", p) for s, p in stack.SERVICE_PORTS.items()}
    return ports, stack.env_int("GATEWAY_PORT", 8000)


def _on_sigterm(signum: int, frame: object) -> None:
    raise stack.Stopping


def run() -> int:
    # SIGTERM (e.g. `make run &` then `kill`) unwinds from any phase, start-up included.
    signal.signal(signal.SIGTERM, _on_sigterm)
    procs = stack.Processes()
    db: stack.Database | None = None
    try:
        ports, gw = _ports()
        stack.check_ports_free({**ports, "gateway": gw})
        db = stack.start_database()
        database = os.environ.get("WZ_DATABASE", "wenzhou")
        if os.environ.get("DATABASE_URL"):
            database = bs.database_of(db.admin_url)
        urls = stack.prepare(db.admin_url, database)
        env = stack.service_env(urls, ports, gw)
        procs.start(
            env,
            ports,
            gw,
            log_dir=stack.DATA / "logs" if os.environ.get("WZ_LOG_TO_FILES") else None,
        )
        targets = {s: f"http://127.0.0.1:{p}" for s, p in ports.items()}
        targets["gateway"] = f"http://127.0.0.1:{gw}"
        procs.wait_healthy(targets)
        print("\nWenzhou policy services are up:", flush=True)
        print(f"  gateway     http://127.0.0.1:{gw}   (docs: /docs, merged OpenAPI: /openapi.json)")
        for s, p in ports.items():
            print(f"  {s:<11} http://127.0.0.1:{p}   (docs: /docs)")
        print(
            f"  database    {'DATABASE_URL' if db.embedded is None else 'embedded PostgreSQL, data in ' + str(stack.DATA / 'pg')}"
        )
        print('\nA development token: make token SCOPES="fund:read medical:settle"  (last line)')
        print(
            "Ctrl-C (or SIGTERM) stops everything; a process that dies is restarted; the data is"
            " kept for the next start.\n",
            flush=True,
        )
        while True:
            procs.supervise()
            time.sleep(0.5)
    except (KeyboardInterrupt, stack.Stopping):
        return 0
    except (stack.PortTaken, NotOurServer) as exc:
        print(f"devstack: {exc}", file=sys.stderr)
        return 1
    finally:
        # Stopping must not be interrupted by a second signal.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        print("\nstopping…", flush=True)
        procs.stop()
        if db is not None:
            db.stop()


def migrate_only() -> int:
    """Roles, schemas, migrations and keys on DATABASE_URL (or the embedded server), then exit."""
    db = stack.start_database()
    try:
        database = bs.database_of(db.admin_url) if os.environ.get("DATABASE_URL") else "wenzhou"
        stack.prepare(db.admin_url, os.environ.get("WZ_DATABASE", database))
        ensure_keys(stack.KEYS)
        return 0
    finally:
        db.stop()


def test(command: list[str]) -> int:
    if not command:
        print("usage: python -m devstack test -- CMD…", file=sys.stderr)
        return 2
    db = stack.start_database()
    try:
        env = dict(os.environ)
        env["WZ_TEST_ADMIN_URL"] = db.admin_url
        ensure_keys(stack.KEYS)
        return subprocess.call(command, env=env)
    finally:
        db.stop()


def generate(*, check: bool) -> int:
    from devstack import deployfiles

    paths = deployfiles.stale() if check else deployfiles.write()
    for path in paths:
        print(("differs: " if check else "wrote: ") + str(path.relative_to(deployfiles.ROOT)))
    if check and paths:
        print("run `python -m devstack generate`", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="devstack")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run")
    sub.add_parser("migrate")
    gen = sub.add_parser(
        "generate", help="write compose.yaml and deploy/k8s/base from the registry"
    )
    gen.add_argument("--check", action="store_true", help="only name the files that differ")
    t = sub.add_parser("test")
    t.add_argument("cmd", nargs=argparse.REMAINDER)
    tok = sub.add_parser("token")
    tok.add_argument("scopes", nargs="*")
    tok.add_argument("--client", default="dev-cli")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run()
    if args.command == "migrate":
        return migrate_only()
    if args.command == "generate":
        return generate(check=args.check)
    if args.command == "test":
        cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
        return test(cmd)
    return tokens_main(
        [
            "mint",
            "--dir",
            str(stack.KEYS),
            "--client",
            args.client,
            "--scopes",
            " ".join(args.scopes),
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
