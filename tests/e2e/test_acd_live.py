"""The ACD in two real browsers against the real server: an agent takes a call with its screen pop and
wraps it up while a supervisor's wallboard follows live (SSE), within a second of each step.

Screenshots (1366×768): test-artifacts/screenshots/acd-*.png.
"""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

import pytest

from tests.e2e.conftest import World, screenshot
from tests.e2e.test_customer_search import log_in

pytestmark = pytest.mark.e2e


def call_in(world: World, phone: str) -> dict[str, Any]:
    """A call arrives from a channel gateway (the REST API with a token)."""
    request = urllib.request.Request(
        f"{world.url}/api/v1/contacts",
        data=json.dumps({"channel": "voice", "identity": phone}).encode(),
        headers={"Authorization": f"Bearer {world.channel_token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return dict(json.loads(answer.read()))


def test_agent_takes_a_call_while_the_wallboard_follows(browser: Any, live_server: World) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    agent_context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
    boss_context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
    try:
        desk, board = agent_context.new_page(), boss_context.new_page()
        for page in (desk, board):
            page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
        log_in(desk, live_server, "lan", "/desk")
        log_in(board, live_server, "boss", "/wallboard")
        expect(desk.locator("#presence")).to_contain_text("Logged out")
        lan = board.locator("[data-agent]")

        desk.keyboard.press("g")  # Ready
        expect(desk.locator("#presence")).to_have_text("Ready")
        expect(board.locator(".agent[data-state=ready]")).to_have_count(1, timeout=1500)

        started = time.monotonic()
        routed = call_in(live_server, "0912345678")
        assert routed["outcome"] == "offered" and routed["customer_id"] == live_server.an_id
        offer = desk.locator(".offer")
        expect(offer).to_be_visible(timeout=1500)
        expect(offer.locator(".pop")).to_contain_text("Nguyễn Văn An")
        expect(board.locator(".agent[data-state=offered]")).to_have_count(1, timeout=1500)
        rang_after = time.monotonic() - started
        screenshot(desk, "acd-desk-ringing")

        desk.keyboard.press("a")  # Accept
        expect(desk.locator(".held[data-stage=connected]")).to_be_visible()
        expect(board.locator(".agent[data-state=busy]")).to_have_count(1, timeout=1500)
        expect(board.locator('[data-queue="voice.general"] [data-figure=answered]')).to_have_text("1")
        screenshot(board, "acd-wallboard-busy")

        desk.keyboard.press("e")  # End
        wrap = desk.locator("form.wrap-up")
        expect(wrap).to_be_visible()
        wrap.locator("select").select_option("billing.inquiry")
        wrap.locator("textarea").fill("Giải thích hóa đơn tháng 10.")
        wrap.locator("button").click()
        expect(desk.locator(".waiting-note")).to_contain_text("Ready")
        expect(board.locator(".agent[data-state=ready]")).to_have_count(1, timeout=1500)
        expect(desk.locator(".today")).to_contain_text("1 handled")
        expect(lan).to_have_count(1)
        screenshot(desk, "acd-desk-after")
        screenshot(board, "acd-wallboard-after")
        print(f"offer visible on the desk {rang_after * 1000:.0f} ms after the API call")
    finally:
        agent_context.close()
        boss_context.close()
    assert errors == [], f"the server answered with errors: {errors}"
