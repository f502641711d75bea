"""Reading the civil-affairs list (民政困难群众名单): CSV or JSON, UTF-8 or GB18030, row by row.

One row is one recognition of one person: resident ID, category, recognition day, and optionally
the exit day, the first day of the gradual-exit period, name, county and household income.
Headers may be English (`resident_id`, `category`, …) or the usual Chinese ones (`身份证号`,
`类别`, …); categories may be codes (`dibao`) or names (`低保`). Every row is validated on its
own and every problem is reported with its row number; nothing here touches the database.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import orjson

from govkit.calendar.model import MAX_YEAR, MIN_YEAR
from govkit.ids import InvalidIdentifier, validate_resident_id
from medical.domain import MedicalDomainError, NeedyCategory, NeedyRecord

Format = Literal["csv", "json"]

COLUMNS: dict[str, tuple[str, ...]] = {
    "resident_id": (
        "resident_id",
        "id_number",
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "证件号码",
    ),
    "name": ("name", "姓名"),
    "category": ("category", "类别", "人员类别", "困难类别", "救助类别"),
    "recognised_on": ("recognised_on", "recognized_on", "认定日期", "认定时间"),
    "exited_on": ("exited_on", "exit_on", "退出日期", "退出时间"),
    "gradual_exit_from": (
        "gradual_exit_from",
        "渐退日期",
        "渐退期起始日期",
        "渐退起始日期",
        "渐退期开始日期",
    ),
    "county": ("county", "县区代码", "区县代码", "行政区划代码", "县（市、区）代码"),
    "household_income": ("household_income", "家庭年收入", "家庭收入"),
}
_ALIASES = {alias.strip().lower(): name for name, aliases in COLUMNS.items() for alias in aliases}

CATEGORY_NAMES: dict[str, NeedyCategory] = {
    **{c.value: c for c in NeedyCategory},
    "特困": NeedyCategory.TEKUN,
    "特困人员": NeedyCategory.TEKUN,
    "特困供养人员": NeedyCategory.TEKUN,
    "低保": NeedyCategory.DIBAO,
    "低保对象": NeedyCategory.DIBAO,
    "低边": NeedyCategory.DIBIAN,
    "低保边缘": NeedyCategory.DIBIAN,
    "低边对象": NeedyCategory.DIBIAN,
    "低保边缘对象": NeedyCategory.DIBIAN,
    "因病致贫": NeedyCategory.ILLNESS_POVERTY,
    "因病致贫对象": NeedyCategory.ILLNESS_POVERTY,
    "其他": NeedyCategory.OTHER_SPECIAL,
    "其他特殊困难人员": NeedyCategory.OTHER_SPECIAL,
}
_DATE = re.compile(r"^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$")
_COUNTY = re.compile(r"^\d{6}$")


class UnreadableFile(ValueError):
    """The bytes are not text in the encoding, or not CSV/JSON of the expected shape."""


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    field: str | None
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class ImportRow:
    row: int
    resident_id: str  # compact, validated; hashed before it reaches the database
    record: NeedyRecord
    name: str | None = None
    county: str | None = None
    household_income: Decimal | None = None


@dataclass
class ParsedFile:
    format: Format
    encoding: str
    sha256: str
    rows_total: int = 0
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def rows_invalid(self) -> int:
        return len({e.row for e in self.errors})


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used): UTF-8 (with or without BOM) unless it fails, then GB18030."""
    if encoding and encoding.lower() not in ("auto", ""):
        name = encoding.lower().replace("_", "-")
        if name in ("utf8", "utf-8", "utf-8-sig"):
            name = "utf-8"
        elif name in ("gbk", "gb2312", "gb18030", "cp936"):
            name = "gb18030"  # a superset of GBK and GB2312
        else:
            raise UnreadableFile(f"unsupported encoding {encoding}; use utf-8 or gb18030")
        try:
            text = data.decode("utf-8-sig" if name == "utf-8" else name)
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"the file is not valid {name}: {exc.reason}") from None
        return text, name
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"the file is neither UTF-8 nor GB18030: {exc.reason}") from None


def guess_format(text: str, content_type: str | None, filename: str | None) -> Format:
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype == "application/json":
        return "json"
    if ctype == "text/csv":
        return "csv"
    if filename and filename.lower().endswith(".json"):
        return "json"
    if filename and filename.lower().endswith(".csv"):
        return "csv"
    return "json" if text.lstrip()[:1] in ("[", "{") else "csv"


def _records(text: str, fmt: Format) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """(row number, raw row) — CSV rows numbered as a spreadsheet shows them (header = 1)."""
    if fmt == "json":
        try:
            doc = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise UnreadableFile(f"not valid JSON: {exc}") from None
        rows = doc.get("rows") if isinstance(doc, dict) else doc
        if not isinstance(rows, list):
            raise UnreadableFile('JSON must be an array of rows or {"rows": [...]}')
        for i, item in enumerate(rows, start=1):
            yield i, item if isinstance(item, dict) else {"__invalid__": item}
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise UnreadableFile(f"not valid CSV: {exc}") from None
    names = [_ALIASES.get(h.strip().lstrip("\ufeff").lower(), h.strip()) for h in header]
    if "resident_id" not in names or "category" not in names:
        raise UnreadableFile(
            "the CSV header must name the resident ID (resident_id/身份证号) and the category "
            "(category/类别) columns"
        )
    try:
        for n, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            yield n, dict(zip(names, values, strict=False))
    except csv.Error as exc:
        raise UnreadableFile(f"not valid CSV: {exc}") from None


def _text(raw: Any) -> str | None:
    if raw is None:
        return None
    value = str(raw).strip()
    return value or None


def _date(raw: Any) -> date:
    text = _text(raw)
    assert text is not None
    m = _DATE.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)")
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"{text!r} is not a valid day") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:  # 0001-01-01 would be stored as -infinity
        raise ValueError(f"{text!r} lies outside {MIN_YEAR}–{MAX_YEAR}")
    return day


def validate_row(n: int, raw: Mapping[str, Any]) -> ImportRow | list[RowError]:
    if "__invalid__" in raw:
        return [RowError(n, None, "a row must be an object")]
    row = {_ALIASES.get(str(k).strip().lower(), str(k)): v for k, v in raw.items()}
    errors: list[RowError] = []

    resident_id = _text(row.get("resident_id"))
    compact = ""
    if resident_id is None:
        errors.append(RowError(n, "resident_id", "the resident ID is missing"))
    else:
        try:
            compact = validate_resident_id(resident_id)
        except InvalidIdentifier as exc:
            errors.append(
                RowError(
                    n,
                    "resident_id",
                    f"resident ID not valid, {exc.part}: {exc.reason_zh} / {exc.reason}",
                )
            )

    category_text = _text(row.get("category"))
    category = CATEGORY_NAMES.get((category_text or "").lower()) or CATEGORY_NAMES.get(
        category_text or ""
    )
    if category is None:
        errors.append(
            RowError(
                n,
                "category",
                f"unknown category {category_text!r}" if category_text else "category missing",
            )
        )

    dates: dict[str, date | None] = {}
    for name in ("recognised_on", "exited_on", "gradual_exit_from"):
        if _text(row.get(name)) is None:
            dates[name] = None
            if name == "recognised_on":
                errors.append(RowError(n, name, "the recognition day is missing"))
            continue
        try:
            dates[name] = _date(row.get(name))
        except ValueError as exc:
            errors.append(RowError(n, name, str(exc)))

    county = _text(row.get("county"))
    if county is not None and not _COUNTY.match(county):
        errors.append(RowError(n, "county", f"county code {county!r} is not 6 digits"))

    income: Decimal | None = None
    income_text = _text(row.get("household_income"))
    if income_text is not None:
        try:
            income = Decimal(income_text.replace(",", ""))
            if not income.is_finite() or income < 0 or income != income.quantize(Decimal("0.01")):
                raise InvalidOperation
        except InvalidOperation:
            errors.append(
                RowError(n, "household_income", f"{income_text!r} is not an amount in yuan")
            )
            income = None

    person_name = _text(row.get("name"))
    if person_name is not None and len(person_name) > 100:
        errors.append(RowError(n, "name", "the name is longer than 100 characters"))

    if errors:
        return errors
    recognised_on = dates["recognised_on"]
    assert category is not None
    assert recognised_on is not None
    try:
        record = NeedyRecord(
            category, recognised_on, dates["exited_on"], dates["gradual_exit_from"]
        )
    except MedicalDomainError as exc:
        return [RowError(n, None, f"{exc.rule_id}: {exc.message_en}")]
    return ImportRow(n, compact, record, person_name, county, income)


def parse(
    data: bytes,
    *,
    fmt: Format | None = None,
    encoding: str | None = None,
    content_type: str | None = None,
    filename: str | None = None,
    progress: Callable[[int], None] | None = None,
    every: int = 5000,
) -> ParsedFile:
    """Decode and validate every row. Raises UnreadableFile when the file as a whole is not
    readable; row problems go to `errors` (a row in the file twice, differing, is an error)."""
    text, used = decode(data, encoding)
    fmt = fmt or guess_format(text, content_type, filename)
    parsed = ParsedFile(fmt, used, hashlib.sha256(data).hexdigest())
    seen: dict[tuple[str, NeedyCategory, date], ImportRow] = {}
    for n, raw in _records(text, fmt):
        parsed.rows_total += 1
        checked = validate_row(n, raw)
        if isinstance(checked, list):
            parsed.errors.extend(checked)
        else:
            key = (checked.resident_id, checked.record.category, checked.record.recognised_on)
            earlier = seen.get(key)
            if earlier is None:
                seen[key] = checked
                parsed.rows.append(checked)
            elif earlier.record != checked.record:
                parsed.errors.append(
                    RowError(
                        n,
                        None,
                        f"the same recognition as row {earlier.row} with other dates",
                    )
                )
            # an identical repeat of an earlier row adds nothing
        if progress is not None and parsed.rows_total % every == 0:
            progress(parsed.rows_total)
    if progress is not None:
        progress(parsed.rows_total)
    return parsed


def errors_report(errors: Iterable[RowError], limit: int = 1000) -> list[dict[str, Any]]:
    return [e.as_dict() for i, e in enumerate(errors) if i < limit]
