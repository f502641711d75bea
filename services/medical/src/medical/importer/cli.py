"""`python -m medical.importer FILE --url URL --token TOKEN` (or `--database-url URL`).

Imports the civil-affairs list (CSV or JSON, UTF-8 or GB18030) into the needy register:

- over HTTP (`--url`, `--token` with scope medical:write): the file is validated here first, row
  by row with progress; a file with invalid rows is not even sent unless `--valid-rows-only`;
  then it is uploaded with progress to `POST /medical/v1/imports`, whose answer is printed. The
  Idempotency-Key is derived from the file's SHA-256, so running the command again is safe.
- straight into the database (`--database-url`, the medical role's URL): the same use case in one
  transaction, with progress per phase; MEDICAL_PII_HASH_KEY must be the service's key.

Exit status: 0 imported (or nothing to change), 1 rejected (invalid rows; nothing changed),
2 any other failure. Progress goes to stderr, the JSON answer to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import httpx
import orjson

from medical.importer.parse import ParsedFile, UnreadableFile, parse

CHUNK = 256 * 1024


class Progress:
    def __init__(self, out: TextIO, every: float = 0.5) -> None:
        self.out, self.every, self.last = out, every, 0.0
        self.started = time.monotonic()

    def say(self, text: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last >= self.every:
            self.last = now
            elapsed = now - self.started
            print(f"[{elapsed:6.1f}s] {text}", file=self.out, flush=True)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m medical.importer",
        description="Import the civil-affairs list (CSV or JSON, UTF-8 or GB18030) into the "
        "medical service's needy register, over HTTP or straight into the database.",
    )
    ap.add_argument("file", type=Path, help="the civil-affairs list (.csv or .json)")
    target = ap.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--url", help="the medical service or the gateway, e.g. http://127.0.0.1:8003"
    )
    target.add_argument("--database-url", help="import straight into the database (medical role)")
    ap.add_argument("--token", help="bearer token with scope medical:write (with --url)")
    ap.add_argument("--format", choices=("csv", "json"), help="default: from the file")
    ap.add_argument("--encoding", choices=("auto", "utf-8", "gb18030"), default="auto")
    ap.add_argument(
        "--valid-rows-only", action="store_true", help="apply the valid rows, report the rest"
    )
    ap.add_argument("--dry-run", action="store_true", help="validate and report only")
    ap.add_argument("--timeout", type=float, default=600.0, help="HTTP timeout in seconds")
    return ap


def _validate(data: bytes, args: argparse.Namespace, progress: Progress) -> ParsedFile:
    parsed = parse(
        data,
        fmt=args.format,
        encoding=args.encoding,
        filename=args.file.name,
        progress=lambda n: progress.say(f"validated {n:,} rows"),
    )
    progress.say(
        f"{parsed.rows_total:,} rows ({parsed.format}, {parsed.encoding}): "
        f"{parsed.rows_invalid:,} invalid",
        force=True,
    )
    for e in parsed.errors[:20]:
        progress.say(f"  row {e.row} {e.field or ''}: {e.detail}", force=True)
    if len(parsed.errors) > 20:
        progress.say(f"  … and {len(parsed.errors) - 20:,} more", force=True)
    return parsed


async def _upload(
    data: bytes,
    parsed: ParsedFile,
    args: argparse.Namespace,
    progress: Progress,
    transport: httpx.AsyncBaseTransport | None,
) -> tuple[int, Any]:
    total = len(data)

    async def body() -> AsyncIterator[bytes]:
        for start in range(0, total, CHUNK):
            yield data[start : start + CHUNK]
            done = min(start + CHUNK, total)
            progress.say(
                f"uploaded {done / 1_048_576:.1f} of {total / 1_048_576:.1f} MiB",
                force=done == total,
            )

    mode = "valid-rows-only" if args.valid_rows_only else "all-or-nothing"
    headers = {
        "Authorization": f"Bearer {args.token}",
        "Content-Type": "application/json" if parsed.format == "json" else "text/csv",
        "Idempotency-Key": f"import-{parsed.sha256}-{mode}{'-dry' if args.dry_run else ''}",
    }
    params = {
        "format": parsed.format,
        "encoding": parsed.encoding,
        "valid_rows_only": str(args.valid_rows_only).lower(),
        "dry_run": str(args.dry_run).lower(),
        "filename": args.file.name,
    }
    async with httpx.AsyncClient(
        base_url=args.url, transport=transport, timeout=args.timeout
    ) as client:
        r = await client.post("/medical/v1/imports", params=params, headers=headers, content=body())
    progress.say(f"server answered {r.status_code}", force=True)
    try:
        return r.status_code, r.json()
    except ValueError:
        return r.status_code, {"status": r.status_code, "body": r.text[:2000]}


async def _direct(parsed: ParsedFile, args: argparse.Namespace, progress: Progress) -> Any:
    from govkit.db import Database
    from govkit.http.auth import Principal
    from medical.config import MedicalSettings
    from medical.service.imports import import_parsed

    settings = MedicalSettings()
    principal = Principal("medical-importer-cli", getpass.getuser(), frozenset({"medical:write"}))
    db = Database(args.database_url, "medical", pool_size=1, max_overflow=0)
    try:
        async with db.sessionmaker() as session:
            result = await import_parsed(
                session,
                parsed,
                valid_rows_only=args.valid_rows_only,
                dry_run=args.dry_run,
                filename=args.file.name,
                principal=principal,
                pii_key=settings.pii_hash_key.get_secret_value().encode(),
                progress=lambda phase, done, total: progress.say(
                    f"{phase}: {done:,} of {total:,}", force=done == total
                ),
            )
            await session.commit()
            progress.say("committed", force=True)
            return result
    finally:
        await db.dispose()


async def run(
    argv: Sequence[str] | None = None,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    args = build_parser().parse_args(argv)
    stdout, progress = out or sys.stdout, Progress(err or sys.stderr)
    if args.url and not args.token:
        print("--token is required with --url", file=err or sys.stderr)
        return 2
    data = args.file.read_bytes()
    progress.say(f"read {args.file} ({len(data):,} bytes)", force=True)
    try:
        parsed = _validate(data, args, progress)
    except UnreadableFile as exc:
        progress.say(f"unreadable: {exc}", force=True)
        return 2
    if parsed.errors and not (args.valid_rows_only or args.dry_run):
        progress.say("invalid rows and no --valid-rows-only: nothing was imported", force=True)
        return 1
    if args.url:
        status, answer = await _upload(data, parsed, args, progress, transport)
        print(orjson.dumps(answer, option=orjson.OPT_INDENT_2).decode(), file=stdout)
        if status == 422 and isinstance(answer, dict) and answer.get("code") == "import-rejected":
            return 1
        return 0 if status in (200, 201) else 2
    try:
        result = await _direct(parsed, args, progress)
    except Exception as exc:  # the transaction rolled back: nothing changed
        from govkit.http.problem import ProblemError

        if isinstance(exc, ProblemError):
            print(orjson.dumps(exc.extensions, default=str).decode(), file=stdout)
            return 1
        progress.say(f"failed, nothing changed: {type(exc).__name__}: {exc}", force=True)
        return 2
    print(orjson.dumps(result, default=str, option=orjson.OPT_INDENT_2).decode(), file=stdout)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return asyncio.run(run(argv))
