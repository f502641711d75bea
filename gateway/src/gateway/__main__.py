"""`python -m gateway --host H --port P`: serve the gateway.

uvicorn with uvloop and httptools, one process: measured against granian on the same machine
(docs/BENCHMARKS.md, "Gateway"), see `bench/gateway`. Scale out with replicas, not workers:
rate limits and breakers are per process. The HTTP protocol is uvicorn's with the front door's
limits on request heads (`gateway.server`).
"""

from __future__ import annotations

import argparse

import uvicorn

from gateway import server
from gateway.config import GatewaySettings


def main(argv: list[str] | None = None) -> int:
    settings = GatewaySettings()
    parser = argparse.ArgumentParser(prog="python -m gateway", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    args = parser.parse_args(argv)
    config = server.config("gateway.main:create_app", args.host, args.port, settings, factory=True)
    instance = uvicorn.Server(config)
    instance.run()
    return 0 if instance.started else 3  # uvicorn's exit status for a failed start


if __name__ == "__main__":
    raise SystemExit(main())
