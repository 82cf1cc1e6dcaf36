"""Rendering pages: the Jinja set-up, the context every template gets, and HTML error pages.

Page modules render with `render(request, "dir/page.html", status_code=200, **context)`, which returns
a Litestar `Template` response. Besides the handler's own `context`, every template gets:

    user         the logged-in `User`, or None (public pages, error pages before login)
    can(p)       True when the caller's role grants permission `p` (False when anonymous)
    _(msgid, **vars), ngettext(singular, plural, n, **vars)
                 translation into the request's language; `%(name)s` placeholders filled from vars
                 (`ngettext` also fills `%(num)s` with n)
    label(kind, code)
                 translated display name of a domain code (kinds in `pages/labels.py`), e.g.
                 `label("segment", customer.segment)`; unknown codes are shown as they are
    locale       "en" or "vi" (`web/i18n.py` says how it is chosen)
    csrf_token   the session's CSRF token ('' when anonymous): forms send it as the `_csrf` field,
                 HTMX sends it as the `X-CSRF-Token` header (base.html sets `hx-headers` on <body>)
    phone(e164)  a stored phone number as agents write it ("0912 345 678")
    fmt          `i18n.Formats`: fmt.money(vnd), fmt.datetime(dt), fmt.date(d), fmt.day(d), fmt.period("2025-03"),
                 fmt.number(n) in the request's locale and the tenant's time zone
    path, here   the request path, and path plus query (for `next=` links and nav highlighting)
    is_htmx      True when HTMX asked (handlers may render a fragment instead of a page)

Templates extend "base.html" and fill the blocks `title` and `content` (optionally `head`, `scripts`).
Strings in templates are written `{{ _("English text") }}` so `pybabel extract -F babel.cfg` finds them;
every one needs a Vietnamese translation in `locale/vi/LC_MESSAGES/messages.po` (a unit test checks).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig
from phonenumbers import NumberParseException

from carecenter.app.commands.auth import Authenticated
from carecenter.domain.customers.phones import national_format
from carecenter.web import i18n
from carecenter.web.pages.labels import N_, msgid_of

# A page form's fields (HTML forms post URL-encoded); every page handler's `data: Form`.
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]

TEMPLATES = Path(__file__).resolve().parent.parent / "ui" / "templates"

# Titles of error pages in the reader's language; the detail comes from the error itself.
ERROR_TITLES = {
    400: N_("Invalid request"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    409: N_("Changed by someone else"),
    422: N_("Please check the form"),
    429: N_("Too many attempts"),
    500: N_("Something went wrong"),
}


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    """Jinja over web/ui/templates with autoescaping on for every file; compiles the catalogs too.

    Called once when the app is created, so a broken .po stops start-up instead of a page later.
    """
    i18n.load_catalogs()
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment))


def auth_of(request: Request[Any, Any, Any]) -> Authenticated | None:
    auth: Authenticated | None = request.state.get("auth")
    return auth


def local_path(target: str | None, default: str = "/customers") -> str:
    """`target` when it is a path on this site, else `default`: `next=` must never lead elsewhere."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return default
    return target


def phone(value: str | None) -> str:
    """A stored phone (E.164) the way agents write it ("0912 345 678"); anything else unchanged."""
    if not value or not value.startswith("+"):
        return value or ""
    try:
        return national_format(value)
    except NumberParseException:  # a legacy value is shown as stored rather than failing the page
        return value


def common_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """What every template may use (listed in the module docstring)."""
    auth = auth_of(request)
    locale = i18n.request_locale(request)
    translator = i18n.Translator(locale)
    query = request.url.query

    def label(kind: str, code: object) -> str:
        msgid = msgid_of(kind, code)
        return translator.gettext(msgid) if msgid else ("" if code is None else str(code))

    def can(permission: str) -> bool:
        return auth is not None and auth.actor.can(permission)

    return {
        "user": auth.user if auth else None,
        "can": can,
        "_": translator.gettext,
        "ngettext": translator.ngettext,
        "label": label,
        "phone": phone,
        "locale": locale,
        "csrf_token": (auth.csrf_token or "") if auth else "",
        "fmt": i18n.Formats(locale, request.app.state.get("timezone") or "Asia/Ho_Chi_Minh"),
        "path": request.url.path,
        "here": request.url.path + (f"?{query}" if query else ""),
        "is_htmx": request.headers.get("hx-request") == "true",
    }


def render(
    request: Request[Any, Any, Any],
    template_name: str,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> Template:
    """The template rendered with the common context plus `context` (handler values win on a clash)."""
    return Template(
        template_name=template_name,
        context={**common_context(request), **context},
        status_code=status_code,
        headers=headers,
    )


def render_string(request: Request[Any, Any, Any], template_name: str, **context: Any) -> str:
    """A template rendered to text with the common context (for fragments pushed over SSE)."""
    engine = request.app.template_engine
    assert engine is not None
    return str(engine.get_template(template_name).render(**{**common_context(request), **context}))


def render_error(
    request: Request[Any, Any, Any], status: int, title: str, detail: str, errors: list[dict[str, str]]
) -> Template:
    """`app.state.render_error`: an error as an HTML page, or as a small alert for HTMX requests."""
    translate = i18n.Translator(i18n.request_locale(request)).gettext
    shown_title = translate(ERROR_TITLES[status]) if status in ERROR_TITLES else title
    template = "_error_fragment.html" if request.headers.get("hx-request") == "true" else "error.html"
    return render(
        request,
        template,
        status_code=status,
        status=status,
        error_title=shown_title,
        detail=detail,
        errors=errors,
    )
