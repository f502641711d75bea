"""Optimistic concurrency for every service: a row's `version` is its ETag, and a change
names it in `If-Match`.

The row is locked before its version is compared, so of two changes sent with the same ETag
exactly one applies and the other gets 412.
"""

from __future__ import annotations

from govkit.http.problem import PRECONDITION_REQUIRED, VERSION_MISMATCH, ProblemError


def etag(version: int) -> str:
    return f'"{version}"'


def parse_if_match(if_match: str | None) -> int:
    """The version `If-Match` names; 428 without one, 412 when it names none."""
    if if_match is None:
        raise ProblemError(PRECONDITION_REQUIRED, "Send If-Match with the resource's ETag.")
    tag = if_match.strip().removeprefix("W/").strip('"')
    if not (tag.isascii() and tag.isdigit()):  # "²" is a digit to isdigit, not to int
        raise ProblemError(VERSION_MISMATCH, "If-Match does not name a version of this resource.")
    return int(tag)


def require_version(what: str, current: int, expected: int) -> None:
    """412 unless the locked row is still at the version the client saw."""
    if current != expected:
        raise ProblemError(
            VERSION_MISMATCH, f"The {what} is at version {current}.", current_version=current
        )


def none_match(tag: str, if_none_match: str | None) -> bool:
    """Whether `If-None-Match` names `tag` (weak or strong): the client's copy is current."""
    return if_none_match is not None and tag in {
        t.strip().removeprefix("W/") for t in if_none_match.split(",")
    }
