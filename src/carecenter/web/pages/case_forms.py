"""Pages: the forms that write cases — open a case (from a customer's page or a held contact, in one step),
change its status, dispatch it, resolve it, add a line to its follow-up sheet.

Every change of the case carries the `version` the user saw: a stale one answers 409 with "this case was
changed by someone else; reload it" and changes nothing. Success answers 303 back to the case (or to the
`next` page: the queue's inline actions come back to the queue); bad input re-renders the case with each
problem next to its field (422).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from carecenter.app.commands import case_work
from carecenter.app.commands.cases import add_note, open_case
from carecenter.app.context import AppContext
from carecenter.domain.cases.case import NoteKind
from carecenter.domain.cases.model import CaseKind, Priority
from carecenter.domain.errors import Conflict, FieldProblem, InvalidInput
from carecenter.web import i18n
from carecenter.web.access import Ctx, current, rule
from carecenter.web.pages.cases import case_page
from carecenter.web.pages.labels import N_
from carecenter.web.pages.render import Form, local_path, render

WRITE: dict[str, Any] = {"opt": rule("cases.write"), "sync_to_thread": True, "include_in_schema": False}
NEW_FIELDS = ("kind", "priority", "subject", "description", "cause_code", "customer_id", "interaction_id")
REQUIRED = N_("required")
STALE = N_("This case was changed by someone else; reload it to see the change, then try again.")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value and value.strip() else None
    except ValueError:
        return None


def _problems(request: Request[Any, Any, Any], exc: InvalidInput) -> dict[str, str]:
    """Each field's problem; "required" in the reader's language (other reasons come in English)."""
    translate = i18n.Translator(i18n.request_locale(request)).gettext
    return {p.field: translate(REQUIRED) if p.reason == REQUIRED else p.reason for p in exc.problems}


def _version(data: dict[str, str]) -> int:
    return _int(data.get("version")) or -1


def _new_page(request: Request[Any, Any, Any], form: dict[str, str], errors: dict[str, str], status: int) -> Template:
    return render(
        request,
        "cases/new.html",
        status_code=status,
        form=form,
        errors=errors,
        kinds=[k.value for k in CaseKind],
        priorities=[p.value for p in Priority],
    )


@get("/cases/new", **WRITE)
def new_case(
    request: Request[Any, Any, Any], customer_id: FromQuery[str] = "", interaction_id: FromQuery[str] = ""
) -> Template:
    form = {f: "" for f in NEW_FIELDS} | {"kind": "complaint", "priority": "normal"}
    return _new_page(request, form | {"customer_id": customer_id, "interaction_id": interaction_id}, {}, 200)


@post("/cases/new", **WRITE)
def create_case(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template | Redirect:
    form = {f: data.get(f, "").strip() if f != "description" else data.get(f, "") for f in NEW_FIELDS}
    customer_id = _int(form["customer_id"])
    try:
        if customer_id is None:
            raise InvalidInput(FieldProblem("customer_id", "required: open the case from the customer's page"))
        case = open_case(
            ctx,
            current(request).actor,
            form["kind"],
            customer_id,
            form["subject"],
            form["description"],
            form["priority"] or "normal",
            interaction_id=_int(form["interaction_id"]),
            cause_code=form["cause_code"] or None,
        )
    except InvalidInput as exc:
        return _new_page(request, form, _problems(request, exc), 422)
    return Redirect(f"/cases/{case.id}", status_code=303)


def _act(
    request: Request[Any, Any, Any],
    ctx: AppContext,
    case_id: int,
    section: str,
    data: dict[str, str],
    step: Callable[[], Any],
) -> Template | Redirect:
    """Run a change of the case; 303 on success, else the case page with the form's problems."""
    try:
        step()
    except InvalidInput as exc:
        return case_page(request, ctx, case_id, 422, section=section, errors=_problems(request, exc), form=data)
    except Conflict as exc:
        translate = i18n.Translator(i18n.request_locale(request)).gettext
        stale = "version" in exc.current or "changed by someone else" in exc.detail
        message = translate(STALE) if stale else exc.detail
        return case_page(request, ctx, case_id, 409, section=section, form=data, message=message)
    return Redirect(local_path(data.get("next"), f"/cases/{case_id}"), status_code=303)


@post("/cases/{case_id:int}/status", **WRITE)
def change_status(request: Request[Any, Any, Any], ctx: Ctx, case_id: FromPath[int], data: Form) -> Template | Redirect:
    actor = current(request).actor
    return _act(
        request,
        ctx,
        case_id,
        "status",
        data,
        lambda: case_work.change_status(
            ctx, actor, case_id, _version(data), data.get("status_code", ""), data.get("note") or None
        ),
    )


@post("/cases/{case_id:int}/assign", **WRITE)
def assign(request: Request[Any, Any, Any], ctx: Ctx, case_id: FromPath[int], data: Form) -> Template | Redirect:
    actor = current(request).actor
    return _act(
        request,
        ctx,
        case_id,
        "assign",
        data,
        lambda: case_work.assign(
            ctx,
            actor,
            case_id,
            _version(data),
            _int(data.get("department_id")),
            _int(data.get("team_id")),
            _int(data.get("assignee_id")),
        ),
    )


@post("/cases/{case_id:int}/resolve", **WRITE)
def resolve(request: Request[Any, Any, Any], ctx: Ctx, case_id: FromPath[int], data: Form) -> Template | Redirect:
    actor = current(request).actor
    return _act(
        request,
        ctx,
        case_id,
        "resolve",
        data,
        lambda: case_work.resolve(
            ctx, actor, case_id, _version(data), data.get("resolution_code", "").strip(), data.get("note") or None
        ),
    )


@post("/cases/{case_id:int}/notes", **WRITE)
def note(request: Request[Any, Any, Any], ctx: Ctx, case_id: FromPath[int], data: Form) -> Template | Redirect:
    actor = current(request).actor
    kind = data.get("kind") or NoteKind.NOTE.value
    return _act(request, ctx, case_id, "note", data, lambda: add_note(ctx, actor, case_id, kind, data.get("text", "")))


ROUTES = [new_case, create_case, change_status, assign, resolve, note]
