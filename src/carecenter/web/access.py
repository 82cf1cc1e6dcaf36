"""Who is calling and may they: one guard on every route, driven by the route's `permission` opt.

Every route handler declares `opt={"permission": ...}`: PUBLIC, AUTHENTICATED, or a dotted permission
from domain.access.permissions.PERMISSIONS. A handler without one is refused (and the RBAC test fails),
so a new endpoint cannot be reachable by accident.
"""

from __future__ import annotations

import hmac
from typing import Any

import anyio
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.handlers.base import BaseRouteHandler

from carecenter.app.commands.auth import Authenticated, authenticate_session, authenticate_token
from carecenter.app.context import AppContext
from carecenter.domain.access.permissions import PERMISSIONS
from carecenter.domain.errors import Forbidden, Unauthenticated

PUBLIC = "public"
AUTHENTICATED = "authenticated"
SESSION_COOKIE = "cc_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def rule(permission: str, reads_customer: bool = False) -> dict[str, Any]:
    """The `opt` of a route: its permission, and whether it shows a customer's personal data."""
    if permission not in (PUBLIC, AUTHENTICATED) and permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    return {"permission": permission, "reads_customer": reads_customer}


def _context(connection: ASGIConnection[Any, Any, Any, Any]) -> AppContext:
    context: AppContext = connection.app.state.context
    return context


async def identify_caller(connection: ASGIConnection[Any, Any, Any, Any]) -> Authenticated | None:
    """The session or API token on this request, or None when there is none. Unauthenticated if invalid."""
    ctx = _context(connection)
    header = connection.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        secret = header[7:].strip()
        return await anyio.to_thread.run_sync(authenticate_token, ctx, secret)
    cookie = connection.cookies.get(SESSION_COOKIE)
    if cookie:
        return await anyio.to_thread.run_sync(authenticate_session, ctx, cookie)
    return None


def is_framework_route(handler: BaseRouteHandler) -> bool:
    """Litestar's own routes: automatic OPTIONS answers and the OpenAPI document (no customer data)."""
    fn = getattr(handler, "fn", None)
    while hasattr(fn, "func"):  # sync_to_thread handlers wrap our function in (layers of) AsyncCallable
        fn = fn.func
    return getattr(fn, "__module__", "").startswith("litestar.")


def permission_of(handler: BaseRouteHandler) -> str | None:
    permission: str | None = handler.opt.get("permission")
    if permission is None and is_framework_route(handler):
        return PUBLIC
    return permission


async def authorise(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Litestar guard: authenticate, check the route's permission, and CSRF for cookie-based writes."""
    permission = permission_of(handler)
    if permission is None:
        raise Forbidden(f"route {handler} has no access rule")
    if permission == PUBLIC:
        try:
            connection.state.auth = await identify_caller(connection)
        except Unauthenticated:
            connection.state.auth = None
        return
    auth = await identify_caller(connection)
    if auth is None:
        raise Unauthenticated("log in, or send an API token as 'Authorization: Bearer …'")
    connection.state.auth = auth
    if permission != AUTHENTICATED:
        auth.actor.require(permission)
    if connection.scope.get("method") not in SAFE_METHODS and auth.csrf_token is not None:
        await _check_csrf(connection, auth.csrf_token)


async def _check_csrf(connection: ASGIConnection[Any, Any, Any, Any], expected: str) -> None:
    """Cookie-authenticated writes must echo the session's CSRF token (header, or form field)."""
    sent = connection.headers.get(CSRF_HEADER)
    if sent is None and connection.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await connection.form()  # type: ignore[attr-defined]
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, expected):
        raise Forbidden("missing or wrong CSRF token; reload the page and try again")


def current(connection: ASGIConnection[Any, Any, Any, Any]) -> Authenticated:
    """The authenticated caller of a non-public route (set by `authorise`)."""
    auth: Authenticated | None = connection.state.get("auth")
    if auth is None:
        raise Unauthenticated("log in first")
    return auth


# What handlers declare to receive the application context (web.app provides it). Explicit, because
# Litestar 3 stops inferring dependencies from parameter names.
Ctx = NamedDependency[AppContext]
