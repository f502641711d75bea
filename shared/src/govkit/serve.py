"""`python -m govkit.serve`: serve the app named by WZ_APP (`<module>:<factory>`) the way the
images do — uvicorn with uvloop and httptools, JSON logs (govkit's), the app's own access log,
no Server header, graceful shutdown on SIGTERM.

    WZ_APP=fund.main:create_app  WZ_HOST=0.0.0.0  WZ_PORT=8000  python -m govkit.serve
    python -m govkit.serve --check /readyz     # exit 0 when the path answers 200 (HEALTHCHECK)
"""

from __future__ import annotations

import argparse
import os
import sys
import urllib.error
import urllib.request


def check(path: str, port: int, timeout: float = 2.0) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as r:
            return 0 if r.status == 200 else 1
    except (OSError, urllib.error.URLError):
        return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govkit.serve", description=__doc__)
    parser.add_argument("--app", default=os.environ.get("WZ_APP"))
    parser.add_argument("--host", default=os.environ.get("WZ_HOST", "0.0.0.0"))  # noqa: S104 - a container's port
    parser.add_argument("--port", type=int, default=int(os.environ.get("WZ_PORT", "8000")))
    parser.add_argument("--check", metavar="PATH", help="probe PATH on the local port and exit")
    args = parser.parse_args(argv)
    if args.check:
        return check(args.check, args.port)
    if not args.app:
        print("set WZ_APP (e.g. fund.main:create_app) or pass --app", file=sys.stderr)
        return 2
    import uvicorn

    uvicorn.run(
        args.app,
        factory=True,
        host=args.host,
        port=args.port,
        lifespan="on",
        access_log=False,  # services and gateway write their own JSON access lines
        log_config=None,  # keep govkit's JSON logging
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=20,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
