"""CaseRepository on SQLAlchemy Core: cases with their SLA clock, linked interactions, the follow-up sheet.

The clock is stored as JSON — each segment's policy code, start and paused flag, plus responded_at and
resolved_at — and rebuilt with the policies of this unit of work. After every write, three instants taken
from the clock at the time of the change are stored beside it for queries (see tables/cases.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from carecenter.adapters.db.repos.base import Repository
from carecenter.adapters.db.repos.case_config import SqlCaseConfigRepository
from carecenter.adapters.db.tables import case_interactions, case_notes, cases, interactions
from carecenter.app.ports.cases import CaseFilter, CaseSummary, LinkedInteraction
from carecenter.domain.cases.case import Case, CaseNote, NoteKind, Relation, case_number
from carecenter.domain.cases.model import CaseKind, Priority, StatusCategory
from carecenter.domain.cases.sla import Segment, SlaClock, SlaPolicy
from carecenter.domain.errors import Conflict, NotFound
from carecenter.domain.search.folding import fold

# Every command reads and writes one case by its key: built once, values bound at execution.
_KEY = (cases.c.id == bindparam("key_id"), cases.c.tenant_id == bindparam("key_tenant"))
_GET = select(cases).where(*_KEY)
_VERSION = select(cases.c.version).where(*_KEY)
_SAVE = update(cases).where(*_KEY, cases.c.version == bindparam("expected"))
_ADD = insert(cases).returning(cases.c.id)
_NUMBER = update(cases).where(*_KEY)
_ADD_NOTE = insert(case_notes).returning(case_notes.c.id)
_NOTES_OF = (
    select(case_notes)
    .where(case_notes.c.case_id == bindparam("case"), case_notes.c.tenant_id == bindparam("tenant"))
    .order_by(case_notes.c.at, case_notes.c.id)
)
_SUMMARY = (
    cases.c.id,
    cases.c.number,
    cases.c.kind,
    cases.c.status_code,
    cases.c.category,
    cases.c.priority,
    cases.c.subject,
    cases.c.customer_id,
    cases.c.region_code,
    cases.c.department_id,
    cases.c.team_id,
    cases.c.assignee_id,
    cases.c.opened_at,
    cases.c.updated_at,
    cases.c.sla_warn_at,
    cases.c.sla_due_at,
    cases.c.version,
)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text is not None else None


def sla_json(clock: SlaClock | None) -> dict[str, Any] | None:
    if clock is None:
        return None
    return {
        "segments": [
            {"policy": s.policy.code, "since": s.since.isoformat(), "paused": s.paused} for s in clock.segments
        ],
        "responded_at": _iso(clock.responded_at),
        "resolved_at": _iso(clock.resolved_at),
    }


def sla_clock(data: Mapping[str, Any] | None, policies: Mapping[str, SlaPolicy]) -> SlaClock | None:
    if data is None:
        return None
    segments = []
    for s in data["segments"]:
        if s["policy"] not in policies:  # policies are never deleted; a renamed code would land here
            raise Conflict(f"SLA policy {s['policy']!r} of this case no longer exists; restore it to read the case")
        segments.append(Segment(policies[s["policy"]], datetime.fromisoformat(s["since"]), bool(s["paused"])))
    return SlaClock(tuple(segments), _instant(data.get("responded_at")), _instant(data.get("resolved_at")))


def _values(case: Case) -> dict[str, Any]:
    """The columns a save writes: everything that may change, and the SLA instants at the change."""
    clock, at = case.sla, case.updated_at
    warn_at, due_at = clock.risk_window(at) if clock is not None else (None, None)
    return {
        "status_code": case.status_code,
        "category": case.category.value,
        "priority": case.priority.value,
        "subject": case.subject,
        "subject_folded": fold(case.subject),
        "description": case.description,
        "service_account_id": case.service_account_id,
        "premise_id": case.premise_id,
        "department_id": case.department_id,
        "team_id": case.team_id,
        "assignee_id": case.assignee_id,
        "updated_at": case.updated_at,
        "parent_id": case.parent_id,
        "resolution_code": case.resolution_code,
        "resolved_at": case.resolved_at,
        "closed_at": case.closed_at,
        "cause_code": case.cause_code,
        "first_contact_resolution": case.first_contact_resolution,
        "custom": case.custom,
        "policy_code": case.policy_code,
        "sla": sla_json(clock),
        "sla_next_at": clock.next_deadline(at) if clock is not None else None,
        "sla_warn_at": warn_at,
        "sla_due_at": due_at,
    }


class SqlCaseRepository(Repository):
    def __init__(self, connection: Connection, tenant_id: int, config: SqlCaseConfigRepository) -> None:
        super().__init__(connection, tenant_id)
        self._config = config

    def add(self, case: Case) -> Case:
        # The number comes from the id, known only after the insert; the unique token holds its place.
        row = {
            "tenant_id": self.tenant_id,
            "number": case.public_token,
            "kind": case.kind.value,
            "customer_id": case.customer_id,
            "opened_by": case.opened_by,
            "opened_at": case.opened_at,
            "public_token": case.public_token,
            "region_code": case.region_code,
            "version": 1,
            **_values(case),
        }
        new_id = int(self.db.execute(_ADD, row).scalar_one())
        number = case_number(new_id)
        self.db.execute(_NUMBER, {"key_id": new_id, "key_tenant": self.tenant_id, "number": number})
        return replace(case, id=new_id, number=number, version=1)

    def get(self, case_id: int) -> Case:
        row = self.db.execute(_GET, {"key_id": case_id, "key_tenant": self.tenant_id}).first()
        if row is None:
            raise NotFound(f"case {case_id} does not exist")
        return self._case(row)

    def save(self, case: Case, expected_version: int) -> Case:
        assert case.id is not None
        key = {"key_id": case.id, "key_tenant": self.tenant_id}
        params = {**key, "expected": expected_version, "version": expected_version + 1, **_values(case)}
        if self.db.execute(_SAVE, params).rowcount != 1:
            current = self.db.execute(_VERSION, key).scalar()
            if current is None:
                raise NotFound(f"case {case.id} does not exist")
            raise Conflict(
                f"this case was changed by someone else (version {current}, you had {expected_version}); reload it",
                current={"version": current},
            )
        return replace(case, version=expected_version + 1)

    def link_interaction(self, case_id: int, interaction_id: int, relation: Relation) -> None:
        linked = self.db.execute(
            select(case_interactions.c.relation).where(
                case_interactions.c.tenant_id == self.tenant_id,
                case_interactions.c.case_id == case_id,
                case_interactions.c.interaction_id == interaction_id,
            )
        ).first()
        if linked is None:
            self.db.execute(
                insert(case_interactions).values(
                    tenant_id=self.tenant_id, case_id=case_id, interaction_id=interaction_id, relation=relation.value
                )
            )

    def interactions_of(self, case_id: int) -> list[LinkedInteraction]:
        link, contact = case_interactions.c, interactions.c
        rows = self.db.execute(
            select(link.interaction_id, link.relation, contact.channel, contact.started_at, contact.status)
            .join_from(case_interactions, interactions, contact.id == link.interaction_id)
            .where(link.case_id == case_id, link.tenant_id == self.tenant_id)
            .order_by(contact.started_at, contact.id)
        )
        return [LinkedInteraction(r[0], Relation(r[1]), r[2], r[3], r[4]) for r in rows]

    def add_note(self, note: CaseNote) -> int:
        row = {
            "tenant_id": self.tenant_id,
            "case_id": note.case_id,
            "author_id": note.author_id,
            "at": note.at,
            "kind": note.kind.value,
            "text": note.text,
        }
        return int(self.db.execute(_ADD_NOTE, row).scalar_one())

    def notes_of(self, case_id: int) -> list[CaseNote]:
        rows = self.db.execute(_NOTES_OF, {"case": case_id, "tenant": self.tenant_id})
        return [CaseNote(r.id, r.case_id, r.author_id, r.at, NoteKind(r.kind), r.text) for r in rows]

    def find(self, where: CaseFilter, now: datetime, limit: int, offset: int) -> list[CaseSummary]:
        c = cases.c
        query = select(*_SUMMARY).where(c.tenant_id == self.tenant_id)
        for column, value in (
            (c.kind, where.kind.value if where.kind else None),
            (c.category, where.category.value if where.category else None),
            (c.priority, where.priority.value if where.priority else None),
            (c.department_id, where.department_id),
            (c.assignee_id, where.assignee_id),
            (c.customer_id, where.customer_id),
            (c.region_code, where.region),
        ):
            if value is not None:
                query = query.where(column == value)
        if where.text:
            query = query.where(c.subject_folded.contains(fold(where.text), autoescape=True))
        if where.at_risk == "breached":
            query = query.where(c.sla_due_at <= now)
        elif where.at_risk == "warning":
            query = query.where(c.sla_warn_at <= now, c.sla_due_at > now)
        # sla_due_at is null for a case that cannot breach (resolved, or paused in time): such a case is
        # never at risk, so the at-risk list's order by due time needs no rule for nulls.
        order = (c.sla_due_at, c.id) if where.at_risk else (c.opened_at.desc(), c.id.desc())
        rows = self.db.execute(query.order_by(*order).limit(limit).offset(offset))
        return [
            CaseSummary(
                r.id,
                r.number,
                CaseKind(r.kind),
                r.status_code,
                StatusCategory(r.category),
                Priority(r.priority),
                r.subject,
                r.customer_id,
                r.region_code,
                r.department_id,
                r.team_id,
                r.assignee_id,
                r.opened_at,
                r.updated_at,
                r.sla_warn_at,
                r.sla_due_at,
                r.version,
            )
            for r in rows
        ]

    def _case(self, r: Any) -> Case:
        policies = {p.code: p for p in self._config.policies()} if r.sla is not None else {}
        return Case(
            id=r.id,
            number=r.number,
            kind=CaseKind(r.kind),
            status_code=r.status_code,
            category=StatusCategory(r.category),
            priority=Priority(r.priority),
            subject=r.subject,
            description=r.description,
            customer_id=r.customer_id,
            opened_by=r.opened_by,
            opened_at=r.opened_at,
            updated_at=r.updated_at,
            public_token=r.public_token,
            region_code=r.region_code,
            service_account_id=r.service_account_id,
            premise_id=r.premise_id,
            department_id=r.department_id,
            team_id=r.team_id,
            assignee_id=r.assignee_id,
            parent_id=r.parent_id,
            resolution_code=r.resolution_code,
            resolved_at=r.resolved_at,
            closed_at=r.closed_at,
            cause_code=r.cause_code,
            first_contact_resolution=r.first_contact_resolution,
            custom=dict(r.custom),
            sla=sla_clock(r.sla, policies),
            version=r.version,
        )
