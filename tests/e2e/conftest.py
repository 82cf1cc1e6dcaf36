"""The real server in a subprocess, a small world made through the app layer, and Debian's Chromium.

`live_server` prepares a fresh data directory with `seed_world` (users, customers, services, bills,
contacts — via `carecenter.bootstrap.build` and the app's commands), then starts
`python -m uvicorn --factory carecenter.bootstrap:asgi` on a free 127.0.0.1 port and stops it by its
PID at the end. `browser` is Chromium from /usr/bin/chromium driven by Playwright; when it is missing
the tests FAIL with the fix (`make test` installs it), they never skip.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from carecenter.adapters.db import tables
from carecenter.app.commands.auth import create_api_token
from carecenter.app.commands.interactions import record_interaction
from carecenter.app.commands.users import create_user
from carecenter.app.context import AppContext, actor_of
from carecenter.bootstrap import build
from carecenter.config import load_settings
from carecenter.domain.access.permissions import Actor, Role
from carecenter.domain.customers.model import Address
from tests.factories import add_bill, add_service, make_customer, seed_reference_data

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
UVICORN = [sys.executable, "-m", "uvicorn", "--factory", "carecenter.bootstrap:asgi"]
SYSTEM = Actor(user_id=0, username="system", role=Role.ADMIN)
PASSWORD = "correct-horse-42"


@dataclass(frozen=True)
class World:
    url: str
    an_id: int  # Nguyễn Văn An
    hoa_id: int  # Đặng Thị Hoa
    channel_token: str = ""  # boss's API token: injects contacts as a channel gateway would


def seed_world(ctx: AppContext, engine: Any) -> tuple[int, int]:
    """Two users (admin `boss`, agent `lan`), three customers; An has a service, bills and contacts."""
    seed_reference_data(engine)
    create_user(ctx, SYSTEM, "boss", "Trưởng ca Minh", PASSWORD, Role.ADMIN.value, locale="en")
    lan = create_user(ctx, SYSTEM, "lan", "Phạm Thị Lan", PASSWORD, Role.AGENT.value, locale="en")
    with engine.begin() as connection:  # lan takes general calls
        connection.execute(insert(tables.agent_skills).values(user_id=lan, skill_code="general", level=5))
    agent = Actor(user_id=lan, username="lan", role=Role.AGENT)  # contacts name a real agent
    an = make_customer(
        ctx,
        name="Nguyễn Văn An",
        phones=("0912345678",),
        region_code="MN",
        national_id="079123456789",
        address=Address(
            line="12 Lê Lợi",
            ward_name="Phường Sài Gòn",
            province_name="TP. Hồ Chí Minh",
            old_ward="Phường Bến Nghé",
            old_district="Quận 1",
            old_province="TP. Hồ Chí Minh",
        ),
    )
    hoa = make_customer(ctx, name="Đặng Thị Hoa", phones=("0987111222",), region_code="MB")
    make_customer(ctx, name="Nguyễn Thị Bích Ngọc", phones=("0903555666",), region_code="MT")
    service = add_service(ctx, an, "HCM-000123")
    add_service(ctx, hoa, "HNI-000456")
    add_bill(ctx, an, service, "2026-09", 180_000, 180_000)
    add_bill(ctx, an, service, "2026-10", 245_000, 0)
    now = datetime.now(UTC)
    for hours, status, reason, notes in (
        (50, "closed", "billing.inquiry", "Khách hỏi cước tháng 9, đã giải thích chi tiết."),
        (26, "closed", "fault.slow", "Internet chập chờn buổi tối; hướng dẫn khởi động lại modem."),
        (2, "open", "billing.dispute", "Khách khiếu nại hóa đơn tháng 10 cao bất thường."),
    ):
        record_interaction(
            ctx,
            agent,
            an,
            "voice",
            "inbound",
            started_at=now - timedelta(hours=hours),
            ended_at=None if status == "open" else now - timedelta(hours=hours) + timedelta(minutes=6),
            reason_code=reason,
            notes=notes,
            queue="billing" if reason.startswith("billing") else "technical",
            status=status,
            outcome="resolved" if status == "closed" else None,
        )
    return an, hoa


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited with {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the server did not answer /healthz within 60 s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    data_dir = tmp_path_factory.mktemp("e2e-data")
    settings = load_settings(data_dir=data_dir, database_url=f"sqlite:///{data_dir / 'carecenter.db'}", demo=True)
    container = build(settings, fast_hashing=True)
    try:
        an, hoa = seed_world(container.context, container.engine)
        with container.context.uow() as uow:
            found = uow.users.by_username("boss")
        assert found is not None
        boss = found[0]
        _token_id, token = create_api_token(container.context, actor_of(boss), "e2e channel")
    finally:
        container.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "CARECENTER_DATA_DIR": str(data_dir),
        "CARECENTER_DEMO": "1",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p),
    }
    env.pop("CARECENTER_DATABASE_URL", None)
    log = data_dir / "server.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [*UVICORN, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, server, log)
        yield World(url, an, hoa, token)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`, which `make test` "
            "does); `playwright install` cannot download browsers here.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives each launch a fresh temporary profile (it refuses --user-data-dir in args).
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) at 1366×768, the agents' screen size."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
    try:
        yield context.new_page()
    finally:
        context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save what the page shows to test-artifacts/screenshots/<name>.png (for people to look at)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
