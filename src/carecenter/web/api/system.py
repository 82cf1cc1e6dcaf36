"""Operator interfaces: health check and Prometheus metrics."""

from __future__ import annotations

from typing import Any

import anyio
from litestar import Request, Response, get
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from carecenter.web.access import PUBLIC, rule


@get("/healthz", opt=rule(PUBLIC))
async def healthz(request: Request[Any, Any, Any]) -> Response[dict[str, str]]:
    """200 {"status": "ok"} when the database answers, 503 otherwise (for load balancers and monitors)."""
    ok = await anyio.to_thread.run_sync(request.app.state.health)
    if ok:
        return Response({"status": "ok"})
    return Response({"status": "unavailable", "detail": "database unreachable"}, status_code=503)


@get("/metrics", opt=rule(PUBLIC), media_type=CONTENT_TYPE_LATEST)
async def metrics() -> bytes:
    return generate_latest()


ROUTES = [healthz, metrics]
