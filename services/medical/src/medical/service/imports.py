"""Bulk import of the civil-affairs list into the register, in one transaction.

- A file with any invalid row changes nothing (422 `import-rejected` with the per-row report),
  unless the caller asks for `valid_rows_only`; then the valid rows are applied and the invalid
  ones reported.
- Re-importing the same file changes nothing: a file whose SHA-256 was applied before answers
  `already_imported` with the earlier batch; and since persons are keyed by their resident ID's
  keyed hash and recognitions by (person, category, recognition day), applying the same rows
  again (say, in another file) finds nothing to change (`no_changes`, nothing stored).
- A recognition already registered takes the file's exit and gradual-exit days (the list is
  civil affairs' word); a registered recognition absent from the file is left as it is (a list
  may be partial), so exits come as exit days in the file.
- The register changes in bulk statements (chunks of ≤ 2,000 rows), and one audit record
  describes the batch (counts and the file's SHA-256), not one per row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.http.auth import Principal
from govkit.http.problem import ProblemError
from govkit.identity import resident_key
from medical.db import repository as repo
from medical.importer.parse import ImportRow, ParsedFile, errors_report
from medical.problems import IMPORT_REJECTED

Progress = Callable[[str, int, int], None]


@dataclass
class Counts:
    persons_created: int = 0
    persons_updated: int = 0
    records_created: int = 0
    records_updated: int = 0
    records_unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.persons_created
            + self.persons_updated
            + self.records_created
            + self.records_updated
        )


def _answer(
    parsed: ParsedFile,
    *,
    status: str,
    batch_id: uuid.UUID | None,
    filename: str | None,
    valid_rows_only: bool,
    counts: Counts,
    created_at: Any = None,
    original: uuid.UUID | None = None,
) -> dict[str, Any]:
    return {
        "batch_id": batch_id,
        "status": status,
        "content_sha256": parsed.sha256,
        "filename": filename,
        "format": parsed.format,
        "encoding": parsed.encoding,
        "valid_rows_only": valid_rows_only,
        "rows_total": parsed.rows_total,
        "rows_valid": parsed.rows_total - parsed.rows_invalid,
        "rows_invalid": parsed.rows_invalid,
        "persons_created": counts.persons_created,
        "persons_updated": counts.persons_updated,
        "records_created": counts.records_created,
        "records_updated": counts.records_updated,
        "records_unchanged": counts.records_unchanged,
        "errors": errors_report(parsed.errors),
        "original_batch_id": original,
        "created_at": created_at,
    }


def batch_out(row: Any) -> dict[str, Any]:
    return {
        "batch_id": row.batch_id,
        "status": row.status,
        "content_sha256": row.content_sha256,
        "filename": row.filename,
        "format": row.format,
        "encoding": row.encoding,
        "valid_rows_only": row.valid_rows_only,
        "rows_total": row.rows_total,
        "rows_valid": row.rows_valid,
        "rows_invalid": row.rows_invalid,
        "persons_created": row.persons_created,
        "persons_updated": row.persons_updated,
        "records_created": row.records_created,
        "records_updated": row.records_updated,
        "records_unchanged": row.records_unchanged,
        "errors": row.report.get("errors", []),
        "original_batch_id": None,
        "created_at": row.created_at,
    }


async def import_parsed(
    session: AsyncSession,
    parsed: ParsedFile,
    *,
    valid_rows_only: bool,
    dry_run: bool = False,
    filename: str | None,
    principal: Principal,
    pii_key: bytes,
    progress: Progress | None = None,
) -> dict[str, Any]:
    def answer(status: str, **kw: Any) -> dict[str, Any]:
        return _answer(
            parsed, status=status, filename=filename, valid_rows_only=valid_rows_only, **kw
        )

    if dry_run:
        return answer("dry_run", batch_id=None, counts=Counts())
    if parsed.errors and not valid_rows_only:
        raise ProblemError(
            IMPORT_REJECTED,
            f"{parsed.rows_invalid} of {parsed.rows_total} rows are invalid; nothing was imported.",
            report=answer("rejected", batch_id=None, counts=Counts()),
        )
    earlier = await repo.applied_batch_with_hash(session, parsed.sha256)
    if earlier is not None:
        return answer(
            "already_imported",
            batch_id=None,
            counts=Counts(records_unchanged=len(parsed.rows)),
            original=earlier.batch_id,
        )

    batch_id = uuid.uuid4()
    counts = await _apply(session, parsed.rows, batch_id, principal, pii_key, progress)
    if not counts.changed:
        return answer("no_changes", batch_id=None, counts=counts)
    result = answer("applied", batch_id=batch_id, counts=counts)
    stamp = repo.created(principal)
    await repo.insert_batch(
        session,
        {
            **{
                k: result[k]
                for k in (
                    "batch_id",
                    "content_sha256",
                    "filename",
                    "format",
                    "encoding",
                    "valid_rows_only",
                    "status",
                    "rows_total",
                    "rows_valid",
                    "rows_invalid",
                    "persons_created",
                    "persons_updated",
                    "records_created",
                    "records_updated",
                    "records_unchanged",
                )
            },
            "report": {"errors": result["errors"]},
            **stamp,
        },
    )
    result["created_at"] = stamp["created_at"]
    summary = {k: v for k, v in result.items() if k not in ("errors", "created_at")}
    await audit.append(
        session, principal, None, "import.apply", "import_batch", batch_id, None, summary
    )
    return result


async def _apply(
    session: AsyncSession,
    rows: list[ImportRow],
    batch_id: uuid.UUID,
    principal: Principal,
    pii_key: bytes,
    progress: Progress | None,
) -> Counts:
    counts = Counts()
    source = f"import:{batch_id}"
    total = len(rows)

    def tell(phase: str, done: int) -> None:
        if progress is not None:
            progress(phase, done, total)

    # Persons: keyed by the resident ID's keyed hash; the last non-empty detail in the file wins.
    keys = [resident_key(r.resident_id, pii_key) for r in rows]
    by_hash: dict[str, dict[str, Any]] = {}
    for r, key in zip(rows, keys, strict=True):
        person = by_hash.setdefault(
            key.hash, {"resident_id_hash": key.hash, "resident_id_masked": key.masked}
        )
        for name in ("name", "county", "household_income"):
            value = getattr(r, name)
            if value is not None:
                person[name] = value
    tell("persons", 0)
    existing = await repo.persons_by_hash(session, list(by_hash))
    blank = dict.fromkeys(("name", "county", "household_income"))
    new = [
        {"person_id": uuid.uuid4(), "source": source, **blank, **p}
        for h, p in by_hash.items()
        if h not in existing
    ]
    inserted = await repo.insert_persons(session, new, principal)
    counts.persons_created = len(inserted)
    if len(inserted) < len(new):  # registered by someone else meanwhile: treat as existing
        existing |= await repo.persons_by_hash(
            session, [p["resident_id_hash"] for p in new if p["resident_id_hash"] not in inserted]
        )
    person_ids = {
        p["resident_id_hash"]: p["person_id"] for p in new if p["resident_id_hash"] in inserted
    }
    for h, row in existing.items():
        person_ids[h] = row.person_id
        wanted: dict[str, Any] = {
            k: by_hash[h][k]
            for k in ("name", "county", "household_income")
            if k in by_hash[h] and _differs(getattr(row, k), by_hash[h][k])
        }
        if wanted:
            await repo.update_person_details(session, row.person_id, wanted)
            counts.persons_updated += 1
    tell("persons", total)

    # Recognitions: keyed by (person, category, recognition day).
    current = await repo.records_of_many(session, list(person_ids.values()))
    known = {(r.person_id, r.category, r.recognised_on): r for rs in current.values() for r in rs}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for i, (r, key) in enumerate(zip(rows, keys, strict=True), start=1):
        pid = person_ids[key.hash]
        rec = r.record
        found = known.get((pid, rec.category.value, rec.recognised_on))
        if found is None:
            inserts.append(
                {
                    "record_id": uuid.uuid4(),
                    "person_id": pid,
                    "category": rec.category.value,
                    "recognised_on": rec.recognised_on,
                    "exited_on": rec.exited_on,
                    "gradual_exit_from": rec.gradual_exit_from,
                    "source": source,
                    "import_batch_id": batch_id,
                }
            )
        elif (found.exited_on, found.gradual_exit_from) != (rec.exited_on, rec.gradual_exit_from):
            updates.append(
                {
                    "record_id": found.record_id,
                    "exited_on": rec.exited_on,
                    "gradual_exit_from": rec.gradual_exit_from,
                    "source": source,
                    "import_batch_id": batch_id,
                }
            )
        else:
            counts.records_unchanged += 1
        if i % 10_000 == 0:
            tell("records", i)
    await repo.insert_records(session, inserts, principal)
    await repo.update_record_dates(session, updates)
    counts.records_created, counts.records_updated = len(inserts), len(updates)
    tell("records", total)
    return counts


def _differs(stored: Any, given: Any) -> bool:
    if isinstance(given, Decimal) and stored is not None:
        return Decimal(stored) != given
    return bool(stored != given)
