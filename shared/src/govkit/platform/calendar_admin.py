"""Publishing a year's holiday notice (CAL-COVERAGE): storage, the admin API, the year's view.

An operator publishes a year with `PUT /<service>/v1/admin/calendar/{year}`: the notice is
validated, stored as a new version in `calendar_years` (republishing identical data adds no
version), audited, and — once committed — published to the process's calendar. Each service
process has its own calendar: at start-up it loads the latest version of every stored year, and a
background refresh picks up publications made through another replica. The gateway fans a
publication out to all four services.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.calendar import (
    InvalidYearNotice,
    WorkingCalendar,
    YearData,
    YearNotice,
    YearSummary,
    get_calendar,
    publish_year,
)
from govkit.calendar.model import MAX_YEAR, MIN_YEAR
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.problem import VALIDATION, ProblemError
from govkit.platform.after_commit import AfterCommitDep
from govkit.platform.problems import CALENDAR_YEAR_NOT_PUBLISHED, problem_doc
from govkit.platform.tables import calendar_years

# Called after a year's notice is stored, in the same transaction, with the calendar the process
# will hold once the publication commits (so a service can recompute what depended on the year).
# Services append to `app.state.calendar_published_hooks`.
CalendarPublishedHook = Callable[
    [AsyncSession, YearNotice, WorkingCalendar, Principal], Awaitable[None]
]

YearPath = Annotated[
    int, Path(ge=MIN_YEAR, le=MAX_YEAR, description="Calendar year", examples=[2027])
]


class CalendarYearPublish(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "holidays": ["2027-01-01", "2027-02-05", "2027-02-06"],
                    "makeup_workdays": ["2027-02-20"],
                    "notice_no": "国办发明电〔2026〕N号",
                    "notice_date": "2026-11-10",
                    "source": "https://www.gov.cn/zhengce/…",
                }
            ]
        }
    )

    holidays: list[date] = Field(
        max_length=366,
        description="法定节假日（放假日期） Statutory rest days of the year (weekend dates of a "
        "holiday may be listed too)",
    )
    makeup_workdays: list[date] = Field(
        max_length=366,
        description="调休上班日 Weekend days worked instead (make-up working days)",
    )
    notice_no: str = Field(
        min_length=1, max_length=200, description="通知文号 The State Council notice's number"
    )
    notice_date: date = Field(description="通知发布日期 The notice's date")
    source: str | None = Field(
        None,
        max_length=2000,
        description="出处（网址或文件） Where the operator took it from; defaults to the notice",
    )


class CalendarYearOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "year": 2027,
                    "working_days": 249,
                    "holidays": ["2027-01-01"],
                    "makeup_workdays": ["2027-02-20"],
                    "source": "国办发明电〔2026〕N号 (2026-11-10)",
                    "source_kind": "notice",
                    "notice_no": "国办发明电〔2026〕N号",
                    "notice_date": "2026-11-10",
                    "notice_source": "https://www.gov.cn/zhengce/…",
                    "version": 1,
                    "published_at": "2026-11-12T02:00:00Z",
                    "published_by": "ops-console",
                }
            ]
        }
    )

    year: int
    working_days: int = Field(description="工作日天数 Working days in the year")
    holidays: list[date]
    makeup_workdays: list[date]
    source: str = Field(description="`chinese-calendar x.y.z`, or the notice number and date")
    source_kind: Literal["chinese-calendar", "notice"]
    notice_no: str | None = None
    notice_date: date | None = None
    notice_source: str | None = None
    version: int | None = Field(None, description="Publication version stored by this service")
    published_at: datetime | None = None
    published_by: str | None = None


class CalendarYearsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"years": [2004, 2005, 2026, 2027], "published": [2027]}]}
    )

    years: list[int] = Field(description="Years this process's calendar holds, ascending")
    published: list[int] = Field(description="Years published through this service's admin API")


def notice_from_row(row: sa.Row[Any]) -> YearNotice:
    return YearNotice(
        year=row.year,
        holidays=frozenset(date.fromisoformat(d) for d in row.holidays),
        makeup_workdays=frozenset(date.fromisoformat(d) for d in row.makeup_days),
        notice_no=row.notice_no,
        notice_date=row.notice_date,
        source=row.source,
    )


def _latest_versions() -> sa.Select[Any]:
    c = calendar_years.c
    latest = sa.select(c.year, sa.func.max(c.version).label("version")).group_by(c.year).subquery()
    return (
        sa.select(calendar_years)
        .join(latest, sa.and_(c.year == latest.c.year, c.version == latest.c.version))
        .order_by(c.year)
    )


async def load_published_notices(session: AsyncSession) -> list[YearNotice]:
    """The latest version of every published year."""
    rows = (await session.execute(_latest_versions())).all()
    return [notice_from_row(r) for r in rows]


def describe(summary: YearSummary, row: sa.Row[Any] | None) -> CalendarYearOut:
    return CalendarYearOut(
        year=summary.year,
        working_days=summary.working_days,
        holidays=list(summary.holidays),
        makeup_workdays=list(summary.makeup_workdays),
        source=summary.source,
        source_kind="notice" if summary.notice_no else "chinese-calendar",
        notice_no=summary.notice_no,
        notice_date=summary.notice_date,
        notice_source=summary.notice_source,
        version=row.version if row is not None else None,
        published_at=row.published_at if row is not None else None,
        published_by=row.published_by if row is not None else None,
    )


def _snapshot(row: sa.Row[Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "year": row.year,
        "version": row.version,
        "holidays": row.holidays,
        "makeup_days": row.makeup_days,
        "notice_no": row.notice_no,
        "notice_date": row.notice_date,
        "source": row.source,
    }


def _notice_errors(exc: InvalidYearNotice) -> list[dict[str, str]]:
    fields = ("holidays", "makeup_workdays", "notice_no", "notice_date", "source")
    errors = []
    for problem in exc.problems:
        name = next((f for f in fields if problem.startswith(f)), None)
        if name is None and ("make-up" in problem or "both" in problem):
            name = "makeup_workdays"
        errors.append(
            {
                "in": "body",
                "pointer": f"#/{name}" if name else "#",
                "detail": problem,
                "type": "value_error",
            }
        )
    return errors


async def _latest_row(session: AsyncSession, year: int) -> sa.Row[Any] | None:
    return (
        await session.execute(
            sa.select(calendar_years)
            .where(calendar_years.c.year == year)
            .order_by(calendar_years.c.version.desc())
            .limit(1)
        )
    ).first()


def calendar_router(service: str) -> APIRouter:
    router = APIRouter(prefix=f"/{service}/v1", tags=["calendar"])

    @router.put(
        "/admin/calendar/{year}",
        response_model=CalendarYearOut,
        summary="发布年度节假日安排 Publish a year's holiday notice",
        description="CAL-COVERAGE：存储国务院办公厅年度节假日安排（按版本保存、写入审计日志），并在提交后"
        "载入本服务进程的工作日历。 Stores the State Council notice for the year as a new version, "
        "audits it and, once committed, loads it into this process's calendar. Republishing "
        "identical data adds no version. The gateway publishes to every service.",
        responses=problem_doc(VALIDATION),
    )
    async def publish_calendar_year(
        year: YearPath,
        body: CalendarYearPublish,
        request: Request,
        after_commit: AfterCommitDep,
        session: SessionDep,
        principal: Principal = requires("admin"),
    ) -> CalendarYearOut:
        source = body.source or f"国务院办公厅关于{year}年部分节假日安排的通知 {body.notice_no}"
        try:
            notice = YearNotice(
                year=year,
                holidays=frozenset(body.holidays),
                makeup_workdays=frozenset(body.makeup_workdays),
                notice_no=body.notice_no.strip(),
                notice_date=body.notice_date,
                source=source.strip(),
            )
        except InvalidYearNotice as exc:
            raise ProblemError(
                VALIDATION, "The holiday notice is not valid.", errors=_notice_errors(exc)
            ) from None
        await session.execute(
            sa.text(
                "SELECT pg_advisory_xact_lock(hashtextextended('govkit.calendar:' || current_schema(), :y))"
            ),
            {"y": year},
        )
        previous = await _latest_row(session, year)
        stored = {
            "holidays": [d.isoformat() for d in sorted(notice.holidays)],
            "makeup_days": [d.isoformat() for d in sorted(notice.makeup_workdays)],
            "notice_no": notice.notice_no,
            "notice_date": notice.notice_date,
            "source": notice.source,
        }
        unchanged = previous is not None and all(
            getattr(previous, k) == v for k, v in stored.items()
        )
        if not unchanged:
            version = previous.version + 1 if previous is not None else 1
            await session.execute(
                calendar_years.insert().values(
                    year=year,
                    version=version,
                    **stored,
                    published_at=datetime.now(UTC),
                    published_by=principal.client_id,
                    published_by_user=principal.user,
                )
            )
            current = await _latest_row(session, year)
            await audit.append(
                session,
                principal,
                None,
                "calendar.publish",
                "calendar_year",
                year,
                _snapshot(previous),
                _snapshot(current),
            )
        else:
            current = previous

        hooks: Sequence[CalendarPublishedHook] = getattr(
            request.app.state, "calendar_published_hooks", ()
        )
        if hooks:
            published = get_calendar().publish(notice)
            for hook in hooks:
                await hook(session, notice, published, principal)

        def _publish() -> None:
            publish_year(notice)

        after_commit.add(_publish)
        summary = WorkingCalendar([YearData.from_notice(notice)]).describe_year(year)
        return describe(summary, current)

    @router.get(
        "/calendar/{year}",
        response_model=CalendarYearOut,
        summary="年度工作日历 A year's working-day calendar",
        description="本服务进程所用的年度日历：工作日数、节假日、调休上班日及来源（chinese-calendar 或通知）。"
        "未发布的年份返回 422 calendar-year-not-published。 The year as this service computes with "
        "it: working days, holidays, make-up days and source; an unpublished year is a 422 "
        "`calendar-year-not-published` problem.",
        responses=problem_doc(CALENDAR_YEAR_NOT_PUBLISHED),
    )
    async def get_calendar_year(
        year: YearPath,
        session: SessionDep,
        _: Principal = requires(f"{service}:read"),
    ) -> CalendarYearOut:
        summary = get_calendar().describe_year(year)  # CalendarYearNotPublished → 422
        row = await _latest_row(session, year) if summary.notice_no else None
        return describe(summary, row)

    @router.get(
        "/calendar",
        response_model=CalendarYearsOut,
        summary="已载入的年份 Years the calendar holds",
        description="本服务进程日历已载入的年份，及经本服务发布的年份。 Years this process's calendar "
        "holds, and those published through this service.",
    )
    async def list_calendar_years(
        session: SessionDep,
        _: Principal = requires(f"{service}:read"),
    ) -> CalendarYearsOut:
        published = (await session.execute(sa.select(calendar_years.c.year).distinct())).scalars()
        return CalendarYearsOut(
            years=list(get_calendar().years()), published=sorted(set(published))
        )

    return router


def publish_notices(notices: Sequence[YearNotice]) -> None:
    if notices:
        publish_year(*notices)
