"""The merged OpenAPI document, cached and rebuilt only when a service's document changed.

Documents are fetched at most every `ttl` seconds (every `missing_ttl` while one is missing, so
a restarted service reappears quickly); the merge runs again only if a document's bytes changed.
A service whose breaker closes again marks the cache stale. Callers get ready-made JSON bytes
and an ETag, so serving the document costs nothing but the send.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from gateway.openapi_merge import MergeError, merge_openapi
from gateway.problems import FORWARDED_RESPONSES
from gateway.upstreams import Upstreams

log = logging.getLogger("gateway.openapi")


@dataclass(frozen=True)
class MergedDocument:
    body: bytes
    etag: str
    missing: tuple[str, ...]


class OpenAPICache:
    def __init__(
        self,
        upstreams: Upstreams,
        own_document: Callable[[], dict[str, Any]],
        *,
        ttl: float = 30.0,
        missing_ttl: float = 5.0,
        fetch_timeout: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.upstreams = upstreams
        self.own_document = own_document
        self.ttl = ttl
        self.missing_ttl = missing_ttl
        self.fetch_timeout = fetch_timeout
        self._clock = clock
        self._lock = asyncio.Lock()
        self._checked_at: float | None = None
        self._hashes: dict[str, str] = {}
        self._merged: MergedDocument | None = None

    def invalidate(self) -> None:
        self._checked_at = None

    async def get(self, client: httpx.AsyncClient) -> MergedDocument:
        if self._fresh():
            assert self._merged is not None
            return self._merged
        async with self._lock:  # one refresh at a time; waiters reuse its result
            if not self._fresh():
                await self._refresh(client)
            assert self._merged is not None
            return self._merged

    def _fresh(self) -> bool:
        if self._merged is None or self._checked_at is None:
            return False
        ttl = self.missing_ttl if self._merged.missing else self.ttl
        return self._clock() - self._checked_at < ttl

    async def _refresh(self, client: httpx.AsyncClient) -> None:
        names = [u.name for u in self.upstreams]
        results = await asyncio.gather(
            *(self._fetch(client, name) for name in names), return_exceptions=True
        )
        docs: dict[str, tuple[bytes, dict[str, Any]]] = {}
        missing: dict[str, str] = {}
        for name, result in zip(names, results, strict=True):
            if isinstance(result, BaseException):
                missing[name] = _describe(result)
            else:
                docs[name] = result
        hashes = {name: hashlib.sha256(raw).hexdigest() for name, (raw, _) in docs.items()}
        self._checked_at = self._clock()
        if self._merged is not None and hashes == self._hashes:
            return  # nothing changed: keep the bytes and the ETag
        merged = _merge_leaving_out_conflicts(
            self.own_document(), {n: doc for n, (_, doc) in docs.items()}, missing
        )
        body = orjson.dumps(merged)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        if missing:
            log.warning("merged OpenAPI lacks %s", ", ".join(sorted(missing)))
        self._hashes = hashes
        self._merged = MergedDocument(body, etag, tuple(sorted(missing)))

    async def _fetch(self, client: httpx.AsyncClient, name: str) -> tuple[bytes, dict[str, Any]]:
        upstream = self.upstreams[name]
        response = await client.get(f"{upstream.url}/openapi.json", timeout=self.fetch_timeout)
        response.raise_for_status()
        raw = response.content
        doc = orjson.loads(raw)
        if not isinstance(doc, dict) or "paths" not in doc:
            raise ValueError("not an OpenAPI document")
        return raw, doc


def _merge_leaving_out_conflicts(
    own: dict[str, Any], docs: dict[str, dict[str, Any]], missing: dict[str, str]
) -> dict[str, Any]:
    """Merge all; if that fails, add services one by one and leave out any that clashes."""
    try:
        return merge_openapi(own, docs, missing=missing, forwarded_responses=FORWARDED_RESPONSES)
    except MergeError:
        pass
    accepted: dict[str, dict[str, Any]] = {}
    for name, doc in docs.items():
        try:
            merge_openapi(own, {**accepted, name: doc})
            accepted[name] = doc
        except MergeError as exc:
            log.error("OpenAPI of %s left out of the merge: %s", name, exc)
            missing[name] = f"its document clashes with the others ({exc})"
    return merge_openapi(own, accepted, missing=missing, forwarded_responses=FORWARDED_RESPONSES)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, httpx.HTTPStatusError):
        return f"its /openapi.json answered {exc.response.status_code}"
    if isinstance(exc, httpx.TimeoutException):
        return "its /openapi.json timed out"
    if isinstance(exc, httpx.TransportError):
        return "unreachable"
    return f"invalid document ({type(exc).__name__})"
