"""REST: the caller (me, API tokens), users, teams, departments, and the read audit."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import msgspec
from litestar import Request, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from carecenter.app.commands.auth import create_api_token, list_api_tokens, revoke_api_token
from carecenter.app.commands.users import create_department, create_team, create_user, set_locale, update_user
from carecenter.app.queries.people import audit_reads, list_departments, list_teams, list_users
from carecenter.domain.access.permissions import ROLE_PERMISSIONS
from carecenter.web.access import AUTHENTICATED, Ctx, current, rule


class UserIn(msgspec.Struct):
    username: str
    password: str
    role: str
    display_name: str = ""
    region_code: str | None = None
    all_regions: bool = False
    locale: str = "en"
    team_id: int | None = None
    department_id: int | None = None


class UserPatch(msgspec.Struct):
    role: str | None = None
    region_code: str | None = None
    all_regions: bool | None = None
    active: bool | None = None
    display_name: str | None = None
    team_id: int | None = None


class TokenIn(msgspec.Struct):
    name: str


class LocaleIn(msgspec.Struct):
    locale: str


class TeamIn(msgspec.Struct):
    name: str
    department_id: int | None = None


class DepartmentIn(msgspec.Struct):
    name: str
    region_code: str | None = None


def _user(u: Any) -> dict[str, Any]:
    data = asdict(u)
    data["role"] = u.role.value
    return data


@get("/api/v1/me", opt=rule(AUTHENTICATED))
async def me(request: Request[Any, Any, Any]) -> dict[str, Any]:
    auth = current(request)
    return {**_user(auth.user), "permissions": sorted(ROLE_PERMISSIONS[auth.user.role])}


@post("/api/v1/me/locale", opt=rule(AUTHENTICATED), sync_to_thread=True, status_code=200)
def change_locale(request: Request[Any, Any, Any], ctx: Ctx, data: JSONBody[LocaleIn]) -> dict[str, Any]:
    set_locale(ctx, current(request).actor, data.locale)
    return {"locale": data.locale}


@get("/api/v1/me/tokens", opt=rule(AUTHENTICATED), sync_to_thread=True)
def my_tokens(request: Request[Any, Any, Any], ctx: Ctx) -> dict[str, Any]:
    return {
        "tokens": [
            {
                "id": t.id,
                "name": t.name,
                "created_at": t.created_at.isoformat(),
                "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                "revoked": t.revoked_at is not None,
            }
            for t in list_api_tokens(ctx, current(request).actor)
        ]
    }


@post("/api/v1/me/tokens", opt=rule(AUTHENTICATED), sync_to_thread=True)
def new_token(request: Request[Any, Any, Any], ctx: Ctx, data: JSONBody[TokenIn]) -> dict[str, Any]:
    """Create an API token; its secret is shown in this response only."""
    token_id, secret = create_api_token(ctx, current(request).actor, data.name)
    return {"id": token_id, "name": data.name, "token": secret}


@delete("/api/v1/me/tokens/{token_id:int}", opt=rule(AUTHENTICATED), sync_to_thread=True, status_code=204)
def drop_token(request: Request[Any, Any, Any], ctx: Ctx, token_id: FromPath[int]) -> None:
    revoke_api_token(ctx, current(request).actor, token_id)


@get("/api/v1/users", opt=rule("users.read"), sync_to_thread=True)
def users(ctx: Ctx) -> dict[str, Any]:
    return {"users": [_user(u) for u in list_users(ctx)]}


@post("/api/v1/users", opt=rule("users.admin"), sync_to_thread=True)
def add_user(request: Request[Any, Any, Any], ctx: Ctx, data: JSONBody[UserIn]) -> dict[str, Any]:
    user_id = create_user(
        ctx,
        current(request).actor,
        data.username,
        data.display_name,
        data.password,
        data.role,
        data.region_code,
        data.all_regions,
        data.locale,
        data.team_id,
        data.department_id,
    )
    return {"id": user_id}


@patch("/api/v1/users/{user_id:int}", opt=rule("users.admin"), sync_to_thread=True)
def change_user(
    request: Request[Any, Any, Any], ctx: Ctx, user_id: FromPath[int], data: JSONBody[UserPatch]
) -> dict[str, Any]:
    return _user(
        update_user(
            ctx,
            current(request).actor,
            user_id,
            role=data.role,
            region_code=data.region_code,
            all_regions=data.all_regions,
            active=data.active,
            display_name=data.display_name,
            team_id=data.team_id,
        )
    )


@get("/api/v1/teams", opt=rule("users.read"), sync_to_thread=True)
def teams(ctx: Ctx) -> dict[str, Any]:
    return {"teams": [asdict(t) for t in list_teams(ctx)]}


@post("/api/v1/teams", opt=rule("users.admin"), sync_to_thread=True)
def add_team(request: Request[Any, Any, Any], ctx: Ctx, data: JSONBody[TeamIn]) -> dict[str, Any]:
    return {"id": create_team(ctx, current(request).actor, data.name, data.department_id)}


@get("/api/v1/departments", opt=rule("users.read"), sync_to_thread=True)
def departments(ctx: Ctx) -> dict[str, Any]:
    return {"departments": [asdict(d) for d in list_departments(ctx)]}


@post("/api/v1/departments", opt=rule("users.admin"), sync_to_thread=True)
def add_department(request: Request[Any, Any, Any], ctx: Ctx, data: JSONBody[DepartmentIn]) -> dict[str, Any]:
    return {"id": create_department(ctx, current(request).actor, data.name, data.region_code)}


@get("/api/v1/audit/reads", opt=rule("audit.read"), sync_to_thread=True)
def reads(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    customer_id: FromQuery[int | None] = None,
    user_id: FromQuery[int | None] = None,
) -> dict[str, Any]:
    """Who read which customer's personal data, when, on which screen or endpoint."""
    entries = audit_reads(ctx, current(request).actor, customer_id, user_id)
    return {"reads": [{**asdict(e), "at": e.at.isoformat()} for e in entries]}


ROUTES = [
    me,
    change_locale,
    my_tokens,
    new_token,
    drop_token,
    users,
    add_user,
    change_user,
    teams,
    add_team,
    departments,
    add_department,
    reads,
]
