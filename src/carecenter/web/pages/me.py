"""Pages: the caller's own settings — language, and API tokens (a new secret is shown once, never again)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from carecenter.app.commands.auth import create_api_token, list_api_tokens, revoke_api_token
from carecenter.app.commands.users import set_locale
from carecenter.domain.errors import InvalidInput
from carecenter.web.access import AUTHENTICATED, Ctx, current, rule
from carecenter.web.i18n import LOCALES
from carecenter.web.pages.render import Form, local_path, render


def _me_page(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    status: int = 200,
    new_token: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Template:
    tokens = [t for t in list_api_tokens(ctx, current(request).actor) if t.revoked_at is None]
    return render(
        request,
        "me.html",
        status_code=status,
        headers=headers,
        tokens=tokens,
        new_token=new_token,
        errors=errors or {},
        locales=LOCALES,
    )


@get("/me", opt=rule(AUTHENTICATED), sync_to_thread=True, include_in_schema=False)
def me_page(request: Request[Any, Any, Any], ctx: Ctx) -> Template:
    return _me_page(request, ctx)


@post("/me/locale", opt=rule(AUTHENTICATED), sync_to_thread=True, include_in_schema=False)
def locale_submit(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Redirect:
    """Switch the caller's language and go back to the page they were on (`next`, local paths only)."""
    set_locale(ctx, current(request).actor, data.get("locale", ""))
    return Redirect(local_path(data.get("next"), default="/me"), status_code=303)


@post("/me/tokens", opt=rule(AUTHENTICATED), sync_to_thread=True, include_in_schema=False)
def token_create(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template:
    """Create a token and show its secret in this response only (201); nothing stores the secret."""
    name = data.get("name", "")
    try:
        token_id, secret = create_api_token(ctx, current(request).actor, name)
    except InvalidInput as exc:
        return _me_page(request, ctx, 422, errors={p.field: p.reason for p in exc.problems})
    shown = {"id": token_id, "name": name.strip(), "secret": secret}
    return _me_page(request, ctx, 201, new_token=shown, headers={"Cache-Control": "no-store"})


@post("/me/tokens/{token_id:int}/revoke", opt=rule(AUTHENTICATED), sync_to_thread=True, include_in_schema=False)
def token_revoke(request: Request[Any, Any, Any], ctx: Ctx, token_id: FromPath[int]) -> Redirect:
    revoke_api_token(ctx, current(request).actor, token_id)
    return Redirect("/me#tokens", status_code=303)


ROUTES = [me_page, locale_submit, token_create, token_revoke]
