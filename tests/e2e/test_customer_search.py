"""An agent on the phone, in a real browser against the real server: log in, find the caller by typing
without accents, open their 360, see their history and bills, switch to Vietnamese.

Screenshots of the main screens (1366×768) land in test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import PASSWORD, World, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def server_errors(page: Any) -> Iterator[list[str]]:
    """Every 5xx answer the browser receives while the test runs; asserted empty at the end."""
    seen: list[str] = []
    page.on("response", lambda r: seen.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    yield seen
    assert seen == [], f"the server answered with errors: {seen}"


def log_in(page: Any, world: World, username: str, next_path: str = "") -> None:
    page.goto(f"{world.url}/login" + (f"?next={next_path}" if next_path else ""))
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_agent_finds_nguyen_without_accents_and_reads_the_360_in_both_languages(
    page: Any, live_server: World, server_errors: list[str]
) -> None:
    expect = _expect()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.locator("input[type=password]")).to_be_visible()
    screenshot(page, "login-en")

    page.fill("#username", "lan")
    page.fill("#password", "not-the-password")
    page.click("button[type=submit]")
    expect(page.get_by_role("alert")).to_contain_text("Wrong username or password")

    log_in(page, live_server, "lan")
    expect(page).to_have_url(re.compile(r"/customers$"))
    search = page.locator("#q")
    expect(search).to_be_focused()

    search.press_sequentially("nguyen", delay=40)  # as an agent types: HTMX searches as they go
    results = page.locator("#results [data-result]")
    expect(results.filter(has_text="Nguyễn Văn An")).to_have_count(1)
    expect(page.locator("#results")).not_to_contain_text("Đặng Thị Hoa")
    screenshot(page, "search-results")

    search.press("ArrowDown")  # keyboard only: first match, then Enter opens it
    expect(results.first).to_be_focused()
    page.locator("#results [data-result]", has_text="Nguyễn Văn An").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/customers/{live_server.an_id}")

    expect(page.locator("h1")).to_have_text("Nguyễn Văn An")
    expect(page.locator(".open-items")).to_contain_text("Bill dispute")
    history = page.locator("#history")
    expect(history).to_contain_text("Slow or unstable")
    expect(history).to_contain_text("Khách hỏi cước tháng 9")
    expect(page.locator("#bills")).to_contain_text("₫245,000")
    premises = page.locator("#premises")  # agents hold customers.read_address: house number and old ward
    expect(premises).to_contain_text("12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh")
    expect(premises).to_contain_text("formerly: Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh")
    screenshot(page, "customer-360-en")

    page.locator(".lang button[value=vi]").click()
    page.wait_for_load_state()
    expect(page).to_have_url(f"{live_server.url}/customers/{live_server.an_id}")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("#bills h2")).to_have_text("Hóa đơn")
    expect(page.locator("#history h2")).to_have_text("Lịch sử")
    expect(page.locator(".open-items")).to_contain_text("Khiếu nại cước")  # reason label in Vietnamese
    expect(page.locator("#bills")).to_contain_text("245.000 ₫")
    expect(page.locator("body")).not_to_contain_text("Internal error")
    screenshot(page, "customer-360-vi")


def test_agent_records_a_contact_and_it_tops_the_history(
    page: Any, live_server: World, server_errors: list[str]
) -> None:
    expect = _expect()
    log_in(page, live_server, "lan", next_path=f"/customers/{live_server.hoa_id}")
    expect(page.locator("h1")).to_have_text("Đặng Thị Hoa")
    page.keyboard.press("c")  # shortcut: record contact
    expect(page.locator("#channel")).to_be_focused()
    page.select_option("#reason_code", "fault.no_service")
    page.fill("#notes", "Mất mạng từ sáng, đã tạo yêu cầu kỹ thuật.")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#record .alert-ok")).to_be_visible()
    expect(page.locator("#history .tl-item").first).to_contain_text("Mất mạng từ sáng")


def test_quick_create_shows_problems_next_to_their_fields(
    page: Any, live_server: World, server_errors: list[str]
) -> None:
    expect = _expect()
    log_in(page, live_server, "lan", next_path="/customers/new?phone=0911%20222%20333")
    expect(page.locator("#phone")).to_have_value("0911 222 333")
    page.fill("#email", "not-an-email")
    page.click("button[type=submit]")
    expect(page.locator("#name-error")).to_be_visible()
    expect(page.locator("#email-error")).to_be_visible()
    expect(page.locator("#phone-error")).to_have_count(0)
    screenshot(page, "customer-new-errors")
    page.fill("#name", "Lê Văn Tám")
    page.fill("#email", "tam.le@example.vn")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Lê Văn Tám")


def test_login_page_speaks_vietnamese_to_a_vietnamese_browser(browser: Any, live_server: World) -> None:
    expect = _expect()
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/login")
        expect(page.locator("label[for=password]")).to_have_text("Mật khẩu")
        expect(page.locator("button[type=submit]")).to_have_text("Đăng nhập")
        screenshot(page, "login-vi")
    finally:
        context.close()


def test_admin_and_settings_screens_render(page: Any, live_server: World, server_errors: list[str]) -> None:
    expect = _expect()
    log_in(page, live_server, "boss", next_path="/admin/users")
    expect(page.locator("h1")).to_have_text("Users")
    expect(page.locator("table").first).to_contain_text("lan")
    screenshot(page, "admin-users")

    page.goto(f"{live_server.url}/me")
    page.fill("#token-name", "billing sync")
    page.click("#tokens button[type=submit]:has-text('Create token')")
    expect(page.locator("#tokens .secret")).to_have_value(re.compile(r"^cc_"))
    screenshot(page, "me")

    page.goto(f"{live_server.url}/customers/{live_server.an_id}")  # a read the audit must show
    page.goto(f"{live_server.url}/admin/audit?customer_id={live_server.an_id}")
    expect(page.locator("table")).to_contain_text(f"GET /customers/{live_server.an_id}")


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect
