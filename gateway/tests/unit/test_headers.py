"""Proxy header rules: hop-by-hop stripped both ways, request ID and trace context set."""

from gateway.headers import (
    client_response_headers,
    new_traceparent,
    upstream_request_headers,
    valid_traceparent,
)

RID = "0af7651916cd43dd8448eb211c80319c"


def as_str(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in headers}


def test_request_hop_by_hop_and_connection_tokens_are_dropped() -> None:
    out = as_str(
        upstream_request_headers(
            [
                (b"host", b"gw.example"),
                (b"connection", b"keep-alive, x-secret-hop"),
                (b"keep-alive", b"timeout=5"),
                (b"x-secret-hop", b"1"),
                (b"te", b"trailers"),
                (b"transfer-encoding", b"chunked"),
                (b"proxy-authorization", b"Basic eA=="),
                (b"authorization", b"Bearer t"),
                (b"x-request-id", b"client-chosen"),
                (b"content-type", b"application/json"),
            ],
            request_id=RID,
            client_host="10.1.2.3",
            scheme="https",
        )
    )
    for gone in (
        "host",
        "connection",
        "keep-alive",
        "x-secret-hop",
        "te",
        "transfer-encoding",
        "proxy-authorization",
    ):
        assert gone not in out
    assert out["authorization"] == "Bearer t"
    assert out["content-type"] == "application/json"
    assert out["x-request-id"] == RID  # the gateway's (validated) ID, not the raw header
    assert out["x-forwarded-for"] == "10.1.2.3"
    assert out["x-forwarded-proto"] == "https"
    assert out["x-forwarded-host"] == "gw.example"


def test_traceparent_kept_when_valid_else_started_from_request_id() -> None:
    tp = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    out = as_str(
        upstream_request_headers(
            [(b"traceparent", tp), (b"tracestate", b"a=1")],
            request_id=RID,
            client_host=None,
            scheme="http",
        )
    )
    assert out["traceparent"] == tp.decode()
    assert out["tracestate"] == "a=1"
    for bad in ([], [(b"traceparent", b"garbage"), (b"tracestate", b"a=1")]):
        out = as_str(upstream_request_headers(bad, request_id=RID, client_host=None, scheme="http"))
        assert valid_traceparent(out["traceparent"].encode())
        assert out["traceparent"].split("-")[1] == RID
        assert "tracestate" not in out


def test_new_traceparent_for_a_non_hex_request_id() -> None:
    tp = new_traceparent("client:id-1")
    assert valid_traceparent(tp.encode())
    assert not valid_traceparent(b"00-" + b"0" * 32 + b"-00f067aa0ba902b7-01")


def test_forwarded_for_appends_to_the_chain() -> None:
    out = as_str(
        upstream_request_headers(
            [(b"x-forwarded-for", b"1.1.1.1")], request_id=RID, client_host="2.2.2.2", scheme="http"
        )
    )
    assert out["x-forwarded-for"] == "1.1.1.1, 2.2.2.2"


def test_response_hop_by_hop_dropped_and_names_lowercased() -> None:
    out = client_response_headers(
        [
            (b"Content-Type", b"application/json"),
            (b"Connection", b"close, X-Hop"),
            (b"X-Hop", b"1"),
            (b"Transfer-Encoding", b"chunked"),
            (b"Server", b"uvicorn"),
            (b"ETag", b'"v1"'),
        ]
    )
    assert out == [(b"content-type", b"application/json"), (b"etag", b'"v1"')]
