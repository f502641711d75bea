"""`python -m gateway --host H --port P`: serve the gateway.

uvicorn with uvloop and httptools, one process: measured against granian on the same machine
(docs/BENCHMARKS.md, "Gateway"), see `bench/gateway`. Scale out with replicas, not workers:
rate limits and breakers are per process.
"""

from __future__ import annotations

import argparse

import uvicorn

from gateway.config import GatewaySettings


def main(argv: list[str] | None = None) -> int:
    settings = GatewaySettings()
    parser = argparse.ArgumentParser(prog="python -m gateway", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    args = parser.parse_args(argv)
    uvicorn.run(
        "gateway.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        loop="uvloop",
        http="httptools",
        lifespan="on",
        access_log=False,  # the gateway writes its own JSON access log (govkit.access)
        log_config=None,  # keep govkit's JSON logging
        server_header=False,
        proxy_headers=False,  # X-Forwarded-For is the gateway's to write, not to trust
        timeout_keep_alive=5,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
