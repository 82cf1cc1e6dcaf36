"""Pages: the ACD interval report of one day (tables and inline SVG charts), and its CSV and XLSX exports.

The query string is the whole state (`day=YYYY-MM-DD&minutes=15|30|60&queue=code`), so a report can be
bookmarked or sent on; bad values answer 422 (the page shows its form with the problem, exports a problem).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any
from urllib.parse import urlencode

import openpyxl
from litestar import Request, Response, get
from litestar.params import FromQuery
from litestar.response import Template

from carecenter.app.queries.acd_report import AcdReport, interval_report, queue_choices, report_rows
from carecenter.domain.errors import FieldProblem, InvalidInput
from carecenter.domain.reporting.wallboard import SHORT_ABANDON_S
from carecenter.web import i18n
from carecenter.web.access import Ctx, current, rule
from carecenter.web.pages.render import render

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PAGE: dict[str, Any] = {"opt": rule("acd.wallboard"), "sync_to_thread": True, "include_in_schema": False}

# The charts' drawing area in SVG units (viewBox 0 0 800 150): bars and lines stand on BASE, TOP is 100 %.
LEFT, WIDTH, BASE, TOP = 34.0, 760.0, 120.0, 10.0


def _timezone(request: Request[Any, Any, Any]) -> str:
    return str(request.app.state.get("timezone") or "Asia/Ho_Chi_Minh")


def _report(request: Request[Any, Any, Any], ctx: Ctx, day: str, minutes: str, queue: str) -> AcdReport:
    """Parse the query (empty day: today in the tenant's zone) and run the report; InvalidInput if bad."""
    problems = []
    try:
        wanted = date.fromisoformat(day) if day else i18n.Formats("en", _timezone(request)).today(ctx.clock.now())
    except ValueError:
        problems.append(FieldProblem("day", "a date as YYYY-MM-DD"))
    try:
        length = int(minutes)
    except ValueError:
        problems.append(FieldProblem("minutes", "choose 15, 30 or 60"))
    if problems:
        raise InvalidInput(problems)
    actor = current(request).actor
    return interval_report(ctx, actor, wanted, length, queue or None, _timezone(request))


@get("/reports/acd", **_PAGE)
def report_page(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    day: FromQuery[str] = "",
    minutes: FromQuery[str] = "15",
    queue: FromQuery[str] = "",
) -> Template:
    codes = queue_choices(ctx, current(request).actor)
    form = {"day": day, "minutes": minutes, "queue": queue}
    try:
        result = _report(request, ctx, day, minutes, queue)
    except InvalidInput as exc:
        errors = {p.field: p.reason for p in exc.problems}
        return render(request, "reports/acd.html", status_code=422, form=form, codes=codes, errors=errors, result=None)
    form["day"] = result.day.isoformat()
    locale = i18n.request_locale(request)
    reasons = {code: (en if locale == "en" else vi) for code, (en, vi) in result.reasons.items()}
    query = urlencode({k: v for k, v in {**form, "minutes": result.minutes}.items() if v})
    return render(
        request,
        "reports/acd.html",
        form=form,
        codes=codes,
        errors={},
        result=result,
        reasons=reasons,
        query=query,
        chart=_chart(result),
        queue_totals={t.queue: t for t in result.report.queue_totals()},
        agent_totals=sorted(result.report.agent_totals(), key=lambda a: result.names.get(a.agent, str(a.agent))),
        short_abandon_s=SHORT_ABANDON_S,
    )


def _filename(result: AcdReport, extension: str) -> str:
    queue = "-" + re.sub(r"[^A-Za-z0-9_.-]", "_", result.queue) if result.queue else ""
    return f"acd-{result.day.isoformat()}-{result.minutes}min{queue}.{extension}"


@get("/reports/acd.csv", **_PAGE)
def report_csv(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    day: FromQuery[str] = "",
    minutes: FromQuery[str] = "15",
    queue: FromQuery[str] = "",
) -> Response[bytes]:
    result = _report(request, ctx, day, minutes, queue)
    header, rows = report_rows(result)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return Response(
        text.getvalue().encode("utf-8-sig"),  # the byte-order mark makes Excel read Vietnamese names right
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{_filename(result, "csv")}"'},
    )


@get("/reports/acd.xlsx", **_PAGE)
def report_xlsx(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    day: FromQuery[str] = "",
    minutes: FromQuery[str] = "15",
    queue: FromQuery[str] = "",
) -> Response[bytes]:
    result = _report(request, ctx, day, minutes, queue)
    header, rows = report_rows(result)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = f"ACD {result.day.isoformat()}"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return Response(
        buffer.getvalue(),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{_filename(result, "xlsx")}"'},
    )


def _chart(result: AcdReport) -> dict[str, Any]:
    """SVG geometry for the day's charts: bars per interval and the service-level line with its target."""
    series = result.report.series()
    slots = 24 * 60 // result.minutes  # the x axis is the whole day, also while it is still going on
    step = WIDTH / slots
    peak = max((max(s.offered, s.answered + s.abandoned) for s in series), default=0)  # the two stacks

    def height(count: int) -> float:
        return round(count / peak * (BASE - TOP), 2) if peak else 0.0

    bars: list[dict[str, Any]] = []
    points: list[dict[str, Any]] = []
    for i, s in enumerate(series):
        x = round(LEFT + i * step, 2)
        if s.offered or s.abandoned or s.answered:
            bar = {
                "x": x,
                "w": round(step * 0.9, 2),
                "inner_x": round(x + step * 0.18, 2),
                "inner_w": round(step * 0.54, 2),
            }
            bars.append({**bar, "row": s, "offered": height(s.offered)})
            bars[-1].update(answered=height(s.answered), abandoned=height(s.abandoned))
        if s.service_level is not None:
            y = round(BASE - s.service_level * (BASE - TOP), 2)
            points.append({"x": round(x + step / 2, 2), "y": y, "row": s})
    targets = {t for code, (_, t) in result.targets.items() if result.queue in (None, code)}
    target = targets.pop() if len(targets) == 1 else None
    every = max(1, slots // 12)
    ticks = [(round(LEFT + i * step, 2), result.report.start + i * result.minutes * 60) for i in range(0, slots, every)]
    return {
        "peak": peak,
        "bars": bars,
        "points": points,
        "line": " ".join(f"{p['x']},{p['y']}" for p in points),
        "target": target,
        "target_y": round(BASE - target * (BASE - TOP), 2) if target is not None else None,
        "ticks": ticks,
        "base": BASE,
        "top": TOP,
        "left": LEFT,
        "right": LEFT + WIDTH,
    }


ROUTES = [report_page, report_csv, report_xlsx]
