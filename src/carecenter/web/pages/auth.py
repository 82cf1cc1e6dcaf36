"""Pages: the home redirect, logging in and out (the session cookie lives here)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from carecenter.app.commands.auth import login, logout
from carecenter.domain.errors import InvalidInput, TooManyAttempts, Unauthenticated
from carecenter.web.access import AUTHENTICATED, PUBLIC, SESSION_COOKIE, Ctx, rule
from carecenter.web.pages.render import Form, auth_of, local_path, render


@get("/", opt=rule(PUBLIC), include_in_schema=False)
async def home(request: Request[Any, Any, Any]) -> Redirect:
    return Redirect("/customers" if auth_of(request) else "/login")


@get("/login", opt=rule(PUBLIC), include_in_schema=False)
async def login_form(request: Request[Any, Any, Any], next: FromQuery[str | None] = None) -> Template | Redirect:
    """The login form; someone already logged in goes straight on to `next`."""
    if auth_of(request):
        return Redirect(local_path(next))
    return render(request, "login.html", next=local_path(next), username="", message=None)


@post("/login", opt=rule(PUBLIC), sync_to_thread=True, include_in_schema=False)
def login_submit(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template | Response[Any]:
    """Open a session: cookie `cc_session` and on to `next` (local paths only); else the form again.

    Wrong credentials answer 401 and the rate limit 429, each with the form and a plain message.
    """
    target = local_path(data.get("next") or request.query_params.get("next"))
    username = data.get("username", "")
    client = request.client.host if request.client else "unknown"
    try:
        session = login(ctx, username, data.get("password", ""), client)
    except (Unauthenticated, InvalidInput):
        return render(
            request, "login.html", status_code=401, next=target, username=username, message="wrong_credentials"
        )
    except TooManyAttempts as exc:
        return render(
            request,
            "login.html",
            status_code=429,
            headers={"Retry-After": str(exc.retry_after_seconds)},
            next=target,
            username=username,
            message="too_many",
        )
    cookie = Cookie(
        key=SESSION_COOKIE,
        value=session.session_secret,
        path="/",
        httponly=True,
        samesite="lax",
        secure=bool(request.app.state.get("secure_cookies")),
        max_age=ctx.session_hours * 3600,
    )
    return Redirect(target, status_code=303, cookies=[cookie])


@post("/logout", opt=rule(AUTHENTICATED), sync_to_thread=True, include_in_schema=False)
def logout_submit(request: Request[Any, Any, Any], ctx: Ctx) -> Response[Any]:
    """End the session server-side (the cookie is useless from now on) and forget the cookie."""
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        logout(ctx, secret)
    response = Redirect("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


ROUTES = [home, login_form, login_submit, logout_submit]
