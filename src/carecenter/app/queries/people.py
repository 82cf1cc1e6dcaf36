"""Reading users, teams, departments and the read audit."""

from __future__ import annotations

from carecenter.app.context import AppContext
from carecenter.app.ports.users import AuditEntry, Department, Team, User
from carecenter.domain.access.permissions import Actor


def list_users(ctx: AppContext) -> list[User]:
    with ctx.read() as uow:
        return uow.users.all()


def list_teams(ctx: AppContext) -> list[Team]:
    with ctx.read() as uow:
        return uow.users.teams()


def list_departments(ctx: AppContext) -> list[Department]:
    with ctx.read() as uow:
        return uow.users.departments()


def audit_reads(ctx: AppContext, actor: Actor, customer_id: int | None, user_id: int | None) -> list[AuditEntry]:
    actor.require("audit.read")
    with ctx.read() as uow:
        return uow.audit.reads(customer_id, user_id)
