"""Administering users, teams and departments."""

from __future__ import annotations

from dataclasses import replace

from carecenter.app.context import AppContext
from carecenter.app.ports.users import NewUser, User
from carecenter.domain.access.permissions import Actor, Role
from carecenter.domain.errors import FieldProblem, InvalidInput, ProblemCollector
from carecenter.domain.events import event

MIN_PASSWORD = 8


def create_user(
    ctx: AppContext,
    actor: Actor,
    username: str,
    display_name: str,
    password: str,
    role: str,
    region_code: str | None = None,
    all_regions: bool = False,
    locale: str = "en",
    team_id: int | None = None,
    department_id: int | None = None,
    allow_short_password: bool = False,
) -> int:
    """Create a user; `allow_short_password` exists for demo mode's well-known `demo` password only."""
    actor.require("users.admin")
    problems = ProblemCollector()
    username = username.strip()
    if not username or len(username) > 64 or not username.replace(".", "").replace("_", "").isalnum():
        problems.add("username", "1–64 letters, digits, dots or underscores")
    if len(password) < MIN_PASSWORD and not allow_short_password:
        problems.add("password", f"at least {MIN_PASSWORD} characters")
    if role not in {r.value for r in Role}:
        problems.add("role", f"must be one of {', '.join(r.value for r in Role)}")
    if locale not in ("en", "vi"):
        problems.add("locale", "must be en or vi")
    problems.check_length("display_name", display_name, 200)
    problems.check_length("region_code", region_code, 32)
    if role == Role.BACK_OFFICE.value and not region_code and not all_regions:
        problems.add("region_code", "a back-office user needs a region (or all regions)")
    problems.raise_if_any()
    with ctx.uow() as uow:
        now = ctx.clock.now()
        user_id = uow.users.add(
            NewUser(
                username,
                display_name.strip() or username,
                ctx.hasher.hash(password),
                Role(role),
                region_code,
                all_regions,
                locale,
                team_id,
                department_id,
            ),
            now,
        )
        uow.events.append(event("UserCreated", "user", user_id, username=username, role=role), actor.user_id, now)
        uow.commit()
    return user_id


def update_user(
    ctx: AppContext,
    actor: Actor,
    user_id: int,
    *,
    role: str | None = None,
    region_code: str | None = None,
    all_regions: bool | None = None,
    active: bool | None = None,
    display_name: str | None = None,
    team_id: int | None = None,
) -> User:
    """Change a user; deactivating one revokes their sessions at once."""
    actor.require("users.admin")
    problems = ProblemCollector()
    problems.check_length("display_name", display_name, 200)
    problems.check_length("region_code", region_code, 32)
    problems.raise_if_any()
    with ctx.uow() as uow:
        user = uow.users.get(user_id)
        changes: dict[str, object] = {}
        if role is not None:
            if role not in {r.value for r in Role}:
                raise InvalidInput(FieldProblem("role", f"must be one of {', '.join(r.value for r in Role)}"))
            changes["role"] = Role(role)
        if region_code is not None:
            changes["region_code"] = region_code or None
        if all_regions is not None:
            changes["all_regions"] = all_regions
        if active is not None:
            changes["active"] = active
        if display_name is not None:
            changes["display_name"] = display_name.strip() or user.username
        if team_id is not None:
            changes["team_id"] = team_id
        updated = replace(user, **changes)  # type: ignore[arg-type]
        if updated.role is Role.BACK_OFFICE and not updated.region_code and not updated.all_regions:
            raise InvalidInput(FieldProblem("region_code", "a back-office user needs a region (or all regions)"))
        now = ctx.clock.now()
        uow.users.update(updated)
        if active is False:
            uow.auth.revoke_sessions_of(user_id, now)
        uow.events.append(event("UserUpdated", "user", user_id, fields=sorted(changes)), actor.user_id, now)
        uow.commit()
    return updated


def set_locale(ctx: AppContext, actor: Actor, locale: str) -> None:
    """Every user may switch their own language."""
    if locale not in ("en", "vi"):
        raise InvalidInput(FieldProblem("locale", "must be en or vi"))
    with ctx.uow() as uow:
        user = uow.users.get(actor.user_id)
        uow.users.update(replace(user, locale=locale))
        uow.events.append(
            event("UserLocaleChanged", "user", actor.user_id, locale=locale), actor.user_id, ctx.clock.now()
        )
        uow.commit()


def create_team(ctx: AppContext, actor: Actor, name: str, department_id: int | None) -> int:
    actor.require("users.admin")
    _check_name(name)
    with ctx.uow() as uow:
        team_id = uow.users.add_team(name.strip(), department_id)
        uow.events.append(event("TeamCreated", "team", team_id, name=name), actor.user_id, ctx.clock.now())
        uow.commit()
    return team_id


def create_department(ctx: AppContext, actor: Actor, name: str, region_code: str | None) -> int:
    actor.require("users.admin")
    _check_name(name)
    with ctx.uow() as uow:
        department_id = uow.users.add_department(name.strip(), region_code)
        uow.events.append(
            event("DepartmentCreated", "department", department_id, name=name), actor.user_id, ctx.clock.now()
        )
        uow.commit()
    return department_id


def _check_name(name: str) -> None:
    problems = ProblemCollector()
    if not name.strip():
        problems.add("name", "required")
    problems.check_length("name", name.strip(), 200)
    problems.raise_if_any()
