"""Opening cases and writing on their follow-up sheet; the rules every case command shares.

Each command is one transaction with its event; every case is read and written within the region scope
of its customer (company-wide roles see all; regional back office its region, or a customer whose open
contact is theirs). Field problems are reported all at once as InvalidInput naming each field. Changing a
case (status, assignment: app.commands.case_work) is a compare-and-set on its `version`.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from typing import Any

from carecenter.app.access import require_customer_access
from carecenter.app.commands.notices import notice_address
from carecenter.app.context import AppContext
from carecenter.app.ports import UnitOfWork
from carecenter.domain.access.permissions import Actor
from carecenter.domain.cases.case import (
    CODE_MAX,
    DESCRIPTION_MAX,
    NOTE_MAX,
    SUBJECT_MAX,
    Case,
    CaseNote,
    CaseStatus,
    NoteKind,
    Relation,
    check_custom,
    check_text,
    parse_choice,
)
from carecenter.domain.cases.model import CaseKind, Priority, StatusCategory
from carecenter.domain.cases.sla import SlaClock, choose_policy
from carecenter.domain.customers.model import Customer
from carecenter.domain.errors import Conflict, NotFound, ProblemCollector
from carecenter.domain.events import event

CODE = re.compile(r"[a-z0-9._-]{1,64}")
NOTICE_LOCALE = "vi"  # customers have no language of their own yet; the seed operators' customers read Vietnamese


def open_case(
    ctx: AppContext,
    actor: Actor,
    kind: str,
    customer_id: int,
    subject: str,
    description: str = "",
    priority: str = Priority.NORMAL.value,
    interaction_id: int | None = None,
    service_account_id: int | None = None,
    premise_id: int | None = None,
    cause_code: str | None = None,
    custom: dict[str, Any] | None = None,
) -> Case:
    """Open a case for a customer in the first `new` status of its kind, with its SLA clock running.

    The SLA policy is the one for the kind, priority and the customer's segment (None when no policy
    applies: the case has no SLA). The interaction it came from is linked as 'raised'; a service account
    or premise must be the customer's; a cause code is for complaints only. Emits CaseOpened and queues
    the customer's notice. Raises InvalidInput, Forbidden (region), Conflict (no `new` status configured).
    """
    actor.require("cases.write")
    custom = dict(custom or {})
    cause_code = cause_code or None
    problems = ProblemCollector()
    case_kind: CaseKind | None = parse_choice(problems, "kind", kind, CaseKind)
    case_priority: Priority | None = parse_choice(problems, "priority", priority, Priority)
    check_text(problems, "subject", subject, SUBJECT_MAX)
    check_text(problems, "description", description, DESCRIPTION_MAX, required=False)
    if cause_code is not None and case_kind is not None and case_kind is not CaseKind.COMPLAINT:
        problems.add("cause_code", "only complaints have a cause")
    else:
        check_code(problems, "cause_code", cause_code, required=False)
    check_custom(problems, custom)
    with ctx.uow() as uow:
        customer = _customer(uow, problems, customer_id)
        if customer is not None:
            require_customer_access(uow, actor, customer)
            _check_links(uow, problems, customer_id, interaction_id, service_account_id, premise_id)
        problems.raise_if_any()
        assert case_kind is not None and case_priority is not None and customer is not None
        status = first_status(uow.case_config.statuses(case_kind), StatusCategory.NEW, case_kind)
        now = ctx.clock.now()
        policy = choose_policy(uow.case_config.policies(), case_kind, case_priority, customer.segment.value)
        case = uow.cases.add(
            Case(
                id=None,
                kind=case_kind,
                status_code=status.code,
                category=status.category,
                priority=case_priority,
                subject=subject.strip(),
                description=description.strip(),
                customer_id=customer_id,
                opened_by=actor.user_id,
                opened_at=now,
                updated_at=now,
                public_token=secrets.token_urlsafe(24),
                region_code=customer.region_code,
                service_account_id=service_account_id,
                premise_id=premise_id,
                cause_code=cause_code,
                custom=custom,
                sla=SlaClock.start(policy, now) if policy is not None else None,
            )
        )
        assert case.id is not None
        if interaction_id is not None:
            uow.cases.link_interaction(case.id, interaction_id, Relation.RAISED)
        uow.events.append(
            event(
                "CaseOpened",
                "case",
                case.id,
                number=case.number,
                kind=case.kind.value,
                priority=case.priority.value,
                status=case.status_code,
                customer_id=customer_id,
                region_code=case.region_code,
                policy=case.policy_code,
                interaction_id=interaction_id,
            ),
            actor.user_id,
            now,
        )
        queue_notice(uow, customer, case, "case.opened", now)
        uow.commit()
    return case


def add_note(ctx: AppContext, actor: Actor, case_id: int, kind: str, text: str) -> CaseNote:
    """Append a line to the case's follow-up sheet: a note, an action taken or a contact with the customer.

    Notes only append, so no version is needed, and they leave the case (and its SLA) as it is.
    Emits CaseNoteAdded. Raises InvalidInput, NotFound, Forbidden.
    """
    actor.require("cases.write")
    problems = ProblemCollector()
    note_kind: NoteKind | None = parse_choice(problems, "kind", kind, NoteKind)
    check_text(problems, "text", text, NOTE_MAX)
    problems.raise_if_any()
    assert note_kind is not None
    with ctx.uow() as uow:
        case, _customer = load_case(uow, actor, case_id)
        now = ctx.clock.now()
        note = CaseNote(None, case_id, actor.user_id, now, note_kind, text.strip())
        note_id = uow.cases.add_note(note)
        uow.events.append(
            event("CaseNoteAdded", "case", case_id, number=case.number, kind=note_kind.value, note_id=note_id),
            actor.user_id,
            now,
        )
        uow.commit()
    return CaseNote(note_id, note.case_id, note.author_id, note.at, note.kind, note.text)


# --- shared by the case commands and queries ------------------------------------------------------


def load_case(uow: UnitOfWork, actor: Actor, case_id: int) -> tuple[Case, Customer]:
    """The case and its customer; NotFound, or Forbidden when the customer is outside the actor's scope."""
    actor.require("cases.read")
    case = uow.cases.get(case_id)
    customer = uow.customers.get(case.customer_id)
    require_customer_access(uow, actor, customer)
    return case, customer


def first_status(statuses: list[CaseStatus], category: StatusCategory, kind: CaseKind) -> CaseStatus:
    """The first active status of `category` for the kind (by position); Conflict when there is none."""
    for status in statuses:
        if status.kind is kind and status.category is category and status.active:
            return status
    raise Conflict(f"no active {category.value} status is configured for {kind.value} cases; ask an admin")


def queue_notice(uow: UnitOfWork, customer: Customer, case: Case, template: str, at: datetime) -> None:
    """Queue the customer's notice of the case's status (rendered from a per-kind/status template later)."""
    channel, recipient = notice_address(customer)
    uow.outbox.add(
        channel,
        template,
        {
            "number": case.number,
            "kind": case.kind.value,
            "status": case.status_code,
            "category": case.category.value,
            "public_token": case.public_token,
            "at": at.isoformat(),
        },
        at,
        recipient=recipient,
        customer_id=customer.id,
        locale=NOTICE_LOCALE,
    )


def check_code(problems: ProblemCollector, name: str, value: str | None, required: bool = True) -> None:
    if not value:
        if required:
            problems.add(name, "required")
    elif len(value) > CODE_MAX or not CODE.fullmatch(value):
        problems.add(name, "use 1-64 of a-z, 0-9, '.', '_' and '-'")


def _customer(uow: UnitOfWork, problems: ProblemCollector, customer_id: int) -> Customer | None:
    try:
        customer = uow.customers.get(customer_id)
    except NotFound:
        problems.add("customer_id", f"no customer {customer_id}")
        return None
    if customer.merged_into_id is not None:
        problems.add("customer_id", f"customer {customer_id} was merged into customer {customer.merged_into_id}")
        return None
    return customer


def _check_links(
    uow: UnitOfWork,
    problems: ProblemCollector,
    customer_id: int,
    interaction_id: int | None,
    service_account_id: int | None,
    premise_id: int | None,
) -> None:
    if interaction_id is not None:
        try:
            contact = uow.interactions.get(interaction_id)
            if contact.customer_id not in (None, customer_id):
                problems.add("interaction_id", "that interaction is another customer's")
        except NotFound:
            problems.add("interaction_id", f"no interaction {interaction_id}")
    if service_account_id is not None and service_account_id not in {
        s.id for s, _version in uow.services.of_customer(customer_id)
    }:
        problems.add("service_account_id", "not a service of this customer")
    if premise_id is not None and premise_id not in {p.id for p in uow.customers.premises_of(customer_id)}:
        problems.add("premise_id", "not a premise of this customer")
