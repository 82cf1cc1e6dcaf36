"""Every error a user can cause becomes an RFC 9457 problem (API) or a friendly page (UI); never a 500.

Field problems are listed under `errors` as `{"field": ..., "reason": ...}` and the first one is named
in `detail`, so a client can point at the field.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.response import Redirect
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from carecenter.domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    TooManyAttempts,
    Unauthenticated,
)

log = logging.getLogger("carecenter.web")
PROBLEM = "application/problem+json"

_STATUS: dict[type[DomainError], int] = {
    InvalidInput: 422,
    NotFound: 404,
    Forbidden: 403,
    Unauthenticated: 401,
    Conflict: 409,
    TooManyAttempts: 429,
}


def _wants_html(request: Request[Any, Any, Any]) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def problem(
    request: Request[Any, Any, Any],
    status: int,
    title: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response[Any]:
    if _wants_html(request):
        if status == 401:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return Redirect(f"/login?{urlencode({'next': target})}")
        templates = request.app.state.get("render_error")
        if templates is not None:
            response: Response[Any] = templates(request, status, title, detail, errors or [])
            return response
        return Response(f"{title}: {detail}", status_code=status, media_type=MediaType.TEXT, headers=headers)
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    return Response(body, status_code=status, media_type=PROBLEM, headers=headers)


def domain_error(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    status = next((code for kind, code in _STATUS.items() if isinstance(exc, kind)), 400)
    errors = [{"field": p.field, "reason": p.reason} for p in exc.problems] if isinstance(exc, InvalidInput) else None
    extra: dict[str, Any] = {}
    headers = None
    if isinstance(exc, Conflict) and exc.current:
        extra["current"] = exc.current
    if isinstance(exc, TooManyAttempts):
        headers = {"Retry-After": str(exc.retry_after_seconds)}
    return problem(request, status, exc.title, exc.detail, errors, headers, **extra)


def validation_error(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        field = str(item.get("key") or item.get("source") or "body") if isinstance(item, dict) else "body"
        reason = str(item.get("message", "invalid")) if isinstance(item, dict) else str(item)
        errors.append({"field": field, "reason": reason})
    detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors) or str(exc.detail)
    return problem(request, 400, "Invalid request", detail, errors or [{"field": "body", "reason": str(exc.detail)}])


def http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if isinstance(exc, NotFoundException):
        return problem(request, 404, "Not found", f"nothing at {request.url.path}")
    return problem(request, exc.status_code, "Request failed", str(exc.detail))


def unexpected_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    # A bug: log it with the traceback for the IT team, show the user a plain message without one.
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(
        request,
        HTTP_500_INTERNAL_SERVER_ERROR,
        "Internal error",
        "something went wrong on our side; the error was logged",
    )


HANDLERS: dict[type[Exception], Any] = {
    DomainError: domain_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    Exception: unexpected_error,
}
