"""The Litestar application: routes, the access guard, error mapping, OpenAPI, static files."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from litestar import Litestar, Router
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router

from carecenter import __version__
from carecenter.app.context import AppContext
from carecenter.web import pages
from carecenter.web.access import authorise
from carecenter.web.api import (
    acd,
    acd_admin,
    cases,
    customers,
    imports,
    interactions,
    segments,
    services,
    system,
    users,
)
from carecenter.web.errors import HANDLERS
from carecenter.web.live import LiveHub
from carecenter.web.metrics import metrics_middleware

STATIC = Path(__file__).parent / "ui" / "static"

API_ROUTES: list[Any] = [
    *customers.ROUTES,
    *services.ROUTES,
    *interactions.ROUTES,
    *users.ROUTES,
    *segments.ROUTES,
    *imports.ROUTES,
    *acd.ROUTES,
    *acd_admin.ROUTES,
    *cases.ROUTES,
]


WORKER_THREADS = 32


def _enough_worker_threads() -> None:
    """Give the event loop's default executor (where sync handlers and `asyncio.to_thread` run) enough
    threads. Python's default is cores + 4, i.e. 6 here; most of our handler time is spent waiting on the
    database or the router's lock, so 6 threads left requests queueing while the CPU sat idle."""
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="carecenter-sync")
    )


def create_app(
    ctx: AppContext,
    health: Callable[[], bool],
    secure_cookies: bool = False,
    default_locale: str = "en",
    timezone: str = "Asia/Ho_Chi_Minh",
    extra_routes: list[Any] | None = None,
    live: LiveHub | None = None,
    on_startup: list[Callable[[], Any]] | None = None,
    on_shutdown: list[Callable[[], Any]] | None = None,
) -> Litestar:
    STATIC.mkdir(parents=True, exist_ok=True)
    # One Router, so each path's handlers register together: Litestar 2.25 re-registers every handler of
    # a path when another joins it, wrapping a sync handler's thread runner twice (a Template response
    # then comes back as an un-awaited coroutine and the page answers 500).
    routes = Router(path="/", route_handlers=[*API_ROUTES, *system.ROUTES, *pages.ROUTES, *(extra_routes or [])])
    static = create_static_files_router(
        path="/static", directories=[STATIC], opt={"permission": "public"}, include_in_schema=False
    )
    app = Litestar(
        route_handlers=[routes, static],
        dependencies={"ctx": Provide(lambda: ctx, use_cache=True, sync_to_thread=False)},
        guards=[authorise],
        exception_handlers=HANDLERS,
        template_config=pages.template_config(),
        middleware=[metrics_middleware],
        on_startup=[_enough_worker_threads] + ([live.start] if live else []) + (on_startup or []),
        on_shutdown=(on_shutdown or []) + ([live.stop] if live else []),
        openapi_config=OpenAPIConfig(
            title="carecenter API",
            version=__version__,
            path="/api/v1",
            render_plugins=[JsonRenderPlugin(path="/openapi.json")],
            description="REST API of carecenter. Authenticate with 'Authorization: Bearer <API token>'. "
            "Errors are RFC 9457 problem documents naming the field.",
            components=Components(security_schemes={"token": SecurityScheme(type="http", scheme="bearer")}),
            security=[{"token": []}],
        ),
        state=None,
        debug=False,
    )
    app.state.context = ctx
    app.state.health = health
    app.state.secure_cookies = secure_cookies
    app.state.default_locale = default_locale
    app.state.timezone = timezone
    app.state.render_error = pages.render_error
    app.state.live = live
    return app
