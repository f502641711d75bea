"""Header rules of a proxy (RFC 9110 §7.6.1) and W3C trace context, on raw ASGI header lists."""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Iterable

Headers = list[tuple[bytes, bytes]]

# Hop-by-hop: meaningful for one connection only, never forwarded. `host` is re-set for the
# upstream and content-length is recomputed by the client library when it frames the body.
HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
    }
)
_REQUEST_DROP = HOP_BY_HOP | {
    b"host",
    b"content-length",
    b"x-request-id",
    b"traceparent",
    b"tracestate",
    b"x-forwarded-for",
    b"x-forwarded-proto",
    b"x-forwarded-host",
    b"expect",  # the gateway reads the body itself; no interim 100 Continue from upstream
}
# The gateway's server adds its own Date and Server; the request ID middleware its own ID.
_RESPONSE_DROP = HOP_BY_HOP | {b"date", b"server", b"x-request-id"}

_TRACEPARENT = re.compile(rb"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")
_TRACE_ID = re.compile(r"^(?!0{32})[0-9a-f]{32}$")


def connection_tokens(headers: Iterable[tuple[bytes, bytes]]) -> frozenset[bytes]:
    """Header names listed in `Connection`, which are hop-by-hop too."""
    names: set[bytes] = set()
    for name, value in headers:
        if name == b"connection":
            names.update(t.strip().lower() for t in value.split(b","))
    names.discard(b"close")
    names.discard(b"keep-alive")
    return frozenset(names)


def valid_traceparent(value: bytes) -> bool:
    m = _TRACEPARENT.match(value)
    return m is not None and m.group(1) != b"0" * 32 and m.group(2) != b"0" * 16


def new_traceparent(request_id: str) -> str:
    """A trace started here. Its trace ID is the request ID when that is one (32 hex digits,
    as generated), so logs and traces share one key; not sampled: the gateway records no spans."""
    trace_id = request_id if _TRACE_ID.match(request_id) else secrets.token_hex(16)
    # Span IDs need to be unique, not secret: skip the urandom syscall on the hot path.
    return f"00-{trace_id}-{random.getrandbits(64) or 1:016x}-00"


def upstream_request_headers(
    headers: Iterable[tuple[bytes, bytes]],
    *,
    request_id: str,
    client_host: str | None,
    scheme: str,
) -> Headers:
    """The client's end-to-end headers plus request ID, trace context and X-Forwarded-*."""
    out: Headers = []
    traceparent = tracestate = forwarded_for = host = connection = None
    for name, value in headers:
        if name not in _REQUEST_DROP:
            out.append((name, value))
        elif name == b"traceparent":
            traceparent = value
        elif name == b"tracestate":
            tracestate = value
        elif name == b"x-forwarded-for":
            forwarded_for = value
        elif name == b"host":
            host = value
        elif name == b"connection":
            connection = value
    if connection is not None:  # rare: headers the client named hop-by-hop
        extra = connection_tokens([(b"connection", connection)])
        out = [(n, v) for n, v in out if n not in extra]
    rid = request_id.encode("latin-1")
    out.append((b"x-request-id", rid))
    if traceparent is not None and valid_traceparent(traceparent):
        out.append((b"traceparent", traceparent))
        if tracestate is not None:
            out.append((b"tracestate", tracestate))
    else:  # absent or malformed: start a trace here (W3C: restart on an invalid traceparent)
        out.append((b"traceparent", new_traceparent(request_id).encode()))
    if client_host:
        chain = forwarded_for + b", " if forwarded_for else b""
        out.append((b"x-forwarded-for", chain + client_host.encode("latin-1")))
    out.append((b"x-forwarded-proto", scheme.encode("latin-1")))
    if host is not None:
        out.append((b"x-forwarded-host", host))
    return out


def client_response_headers(raw: Iterable[tuple[bytes, bytes]]) -> Headers:
    """The upstream's end-to-end response headers, names lower-cased as ASGI wants them."""
    out: Headers = []
    connection = None
    for name, value in raw:
        name = name.lower()
        if name not in _RESPONSE_DROP:
            out.append((name, value))
        elif name == b"connection":
            connection = value
    if connection is not None:
        extra = connection_tokens([(b"connection", connection)])
        out = [(n, v) for n, v in out if n not in extra]
    return out
