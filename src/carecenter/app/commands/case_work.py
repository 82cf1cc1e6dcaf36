"""Working a case: moving it through its statuses (with its SLA clock), dispatching it, resolving it.

Each change names the `version` of the case the user saw: a case changed since is refused with Conflict
("this case was changed by someone else; reload it") before anything is judged or written, and the save
itself is a compare-and-set, so two people editing one case never lose a write.

First response: a case is first answered when it leaves `new` (domain.cases.lifecycle). Resolving a case
that was dispatched to a department or team is that department's work (`cases.work`); the care centre
resolves what it keeps (`cases.write`).
"""

from __future__ import annotations

from dataclasses import replace

from carecenter.app.commands.cases import check_code, first_status, load_case, queue_notice
from carecenter.app.context import AppContext
from carecenter.domain.access.permissions import Actor
from carecenter.domain.cases import lifecycle
from carecenter.domain.cases.case import NOTE_MAX, Case, CaseNote, NoteKind, check_text
from carecenter.domain.cases.model import StatusCategory
from carecenter.domain.errors import Conflict, FieldProblem, Forbidden, InvalidInput, NotFound, ProblemCollector
from carecenter.domain.events import event


def change_status(
    ctx: AppContext,
    actor: Actor,
    case_id: int,
    expected_version: int,
    status_code: str,
    note: str | None = None,
    resolution_code: str | None = None,
) -> Case:
    """Move the case to another status of its kind; returns it with its new version.

    The move must be allowed between the two statuses' categories (Conflict says why not). The SLA
    clock follows the category: pending the customer pauses it, back to work resumes it, resolved or
    closed stops it; leaving `new` records the first response. Sets resolved_at / closed_at, appends
    `note` to the follow-up sheet as an action, emits CaseStatusChanged and queues the customer's notice.
    Raises InvalidInput, NotFound, Forbidden, Conflict.
    """
    problems = ProblemCollector()
    check_code(problems, "status_code", status_code)
    check_code(problems, "resolution_code", resolution_code, required=False)
    return _move(ctx, actor, case_id, expected_version, status_code, note, resolution_code, problems)


def resolve(
    ctx: AppContext, actor: Actor, case_id: int, expected_version: int, resolution_code: str, note: str | None = None
) -> Case:
    """Resolve the case with a resolution code: `change_status` to the kind's first resolved status."""
    problems = ProblemCollector()
    check_code(problems, "resolution_code", resolution_code)
    return _move(ctx, actor, case_id, expected_version, StatusCategory.RESOLVED, note, resolution_code, problems)


def _move(
    ctx: AppContext,
    actor: Actor,
    case_id: int,
    expected_version: int,
    to: str | StatusCategory,
    note: str | None,
    resolution_code: str | None,
    problems: ProblemCollector,
) -> Case:
    """`change_status` to the status coded `to`, or to the first active status of the category `to`."""
    actor.require("cases.write")
    check_text(problems, "note", note, NOTE_MAX, required=False)
    problems.raise_if_any()
    with ctx.uow() as uow:
        case, customer = load_case(uow, actor, case_id)
        _check_fresh(case, expected_version)
        statuses = uow.case_config.statuses(case.kind)
        if isinstance(to, StatusCategory):
            target = first_status(statuses, to, case.kind)
        else:
            found = [s for s in statuses if s.code == to and s.active]
            if not found:
                raise InvalidInput(FieldProblem("status_code", f"{case.kind.value} cases have no active status {to!r}"))
            target = found[0]
        current = next((s.label_en for s in statuses if s.code == case.status_code), case.status_code)
        lifecycle.check_transition(case.category, target.category, current, target.label_en)
        resolving = target.category is StatusCategory.RESOLVED
        if resolving and case.dispatched and not actor.can("cases.work"):
            raise Forbidden("this case was dispatched to a department; its people resolve it (cases.work)")
        now = ctx.clock.now()
        changed = replace(
            case,
            status_code=target.code,
            category=target.category,
            updated_at=now,
            sla=lifecycle.clock_after_move(case.sla, case.category, target.category, now),
            resolved_at=(case.resolved_at or now) if resolving else case.resolved_at,
            closed_at=now if target.category is StatusCategory.CLOSED else case.closed_at,
            resolution_code=resolution_code if resolving and resolution_code else case.resolution_code,
            first_contact_resolution=case.first_contact_resolution
            or lifecycle.first_contact_resolution(case.category, target.category, case.opened_by, actor.user_id),
        )
        saved = uow.cases.save(changed, expected_version)
        if note and note.strip():
            uow.cases.add_note(CaseNote(None, case_id, actor.user_id, now, NoteKind.ACTION, note.strip()))
        uow.events.append(
            event(
                "CaseStatusChanged",
                "case",
                case_id,
                number=case.number,
                before=case.status_code,
                after=target.code,
                category=target.category.value,
                customer_id=case.customer_id,
                resolution_code=saved.resolution_code if resolving else None,
                version=saved.version,
            ),
            actor.user_id,
            now,
        )
        queue_notice(uow, customer, saved, "case.status", now)
        uow.commit()
    return saved


def assign(
    ctx: AppContext,
    actor: Actor,
    case_id: int,
    expected_version: int,
    department_id: int | None = None,
    team_id: int | None = None,
    assignee_id: int | None = None,
) -> Case:
    """Dispatch the case: set its department, team and assignee (None clears one); returns the new version.

    A team given without a department brings its own department; a team of another department is
    refused. The SLA policy stays the same for now (department-specific policies come with dispatch
    rules). Emits CaseAssigned. Raises InvalidInput, NotFound, Forbidden, Conflict (resolved or closed
    cases, nothing changed).
    """
    actor.require("cases.write")
    problems = ProblemCollector()
    with ctx.uow() as uow:
        case, _customer = load_case(uow, actor, case_id)
        _check_fresh(case, expected_version)
        if case.category.is_final:
            raise Conflict(f"the case is {case.category.value}; it can no longer be dispatched")
        departments = {d.id for d in uow.users.departments()}
        teams = {t.id: t for t in uow.users.teams()}
        if department_id is not None and department_id not in departments:
            problems.add("department_id", f"no department {department_id}")
        if team_id is not None:
            team = teams.get(team_id)
            if team is None:
                problems.add("team_id", f"no team {team_id}")
            elif department_id is None:
                department_id = team.department_id
            elif team.department_id not in (None, department_id):
                problems.add("team_id", "that team belongs to another department")
        if assignee_id is not None:
            try:
                if not uow.users.get(assignee_id).active:
                    problems.add("assignee_id", "that user is deactivated")
            except NotFound:
                problems.add("assignee_id", f"no user {assignee_id}")
        problems.raise_if_any()
        before = (case.department_id, case.team_id, case.assignee_id)
        if before == (department_id, team_id, assignee_id):
            raise Conflict("nothing to change: the case is already assigned exactly so")
        now = ctx.clock.now()
        changed = replace(case, department_id=department_id, team_id=team_id, assignee_id=assignee_id, updated_at=now)
        saved = uow.cases.save(changed, expected_version)
        uow.events.append(
            event(
                "CaseAssigned",
                "case",
                case_id,
                number=case.number,
                department_id=department_id,
                team_id=team_id,
                assignee_id=assignee_id,
                before={"department_id": before[0], "team_id": before[1], "assignee_id": before[2]},
                version=saved.version,
            ),
            actor.user_id,
            now,
        )
        uow.commit()
    return saved


def _check_fresh(case: Case, expected_version: int) -> None:
    if case.version != expected_version:
        raise Conflict(
            f"this case was changed by someone else (version {case.version}, you had {expected_version}); reload it",
            current={"version": case.version},
        )
