"""An administrator in a real browser: reads the roles page in both languages, creates a user and makes
them a supervisor in the users table's edit row (keyboard), records a consent on a 360 and erases a
customer's personal data on request. Screenshots (1366×768) land in test-artifacts/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import PASSWORD, World, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def server_errors(page: Any) -> Iterator[list[str]]:
    seen: list[str] = []
    page.on("response", lambda r: seen.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    yield seen
    assert seen == [], f"the server answered with errors: {seen}"


def _log_in(page: Any, world: World, next_path: str) -> None:
    page.goto(f"{world.url}/login?next={next_path}")
    page.fill("#username", "boss")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _switch_language(page: Any, locale: str) -> None:
    page.locator(f".lang button[value={locale}]").click()
    page.wait_for_load_state()


def test_admin_reads_the_roles_and_promotes_a_new_user_in_its_row(
    page: Any, live_server: World, server_errors: list[str]
) -> None:
    from playwright.sync_api import expect

    _log_in(page, live_server, "/admin/roles")
    expect(page.locator("h1")).to_have_text("Roles and permissions")
    erase_row = page.locator("table.matrix tbody tr", has_text="customers.erase")
    expect(erase_row).to_contain_text("erase a customer's personal data on request")
    expect(erase_row.locator("td.grant", has_text="✓")).to_have_count(1)
    expect(page.locator(".scope-rule")).to_contain_text("Back office sees only its own region")
    screenshot(page, "admin-roles")
    _switch_language(page, "vi")
    try:
        expect(page.locator("h1")).to_have_text("Vai trò và quyền hạn")
        expect(page.locator("table.matrix thead")).to_contain_text("Điện thoại viên")
        screenshot(page, "admin-roles-vi")
    finally:
        _switch_language(page, "en")  # boss is shared with the other browser tests

    page.click("nav a:has-text('Users')")
    page.fill("#u-username", "tuan")
    page.fill("#u-display", "Lê Minh Tuấn")
    page.fill("#u-password", "tuan-password-1")
    page.click("button:has-text('Create user')")
    row = page.locator("tr", has=page.locator("code", has_text="tuan"))
    expect(row).to_contain_text("Agent")

    row.get_by_role("link", name="Edit tuan").click()
    edit = page.locator("tr.edit-row")
    expect(edit.locator("input[name=display_name]")).to_be_focused()  # keyboard: type at once
    page.keyboard.press("Tab")
    expect(edit.locator("select[name=role]")).to_be_focused()
    edit.locator("select[name=role]").select_option("supervisor")
    edit.locator("select[name=region_code]").select_option("MB")
    screenshot(page, "admin-users-edit")
    edit.locator("select[name=region_code]").press("Control+Enter")

    saved = page.locator("tr.just-saved")
    expect(saved).to_contain_text("Supervisor")
    expect(saved).to_contain_text("MB")
    expect(saved).to_contain_text("Saved.")
    page.reload()
    expect(page.locator("tr", has=page.locator("code", has_text="tuan"))).to_contain_text("Supervisor")


def test_admin_records_consent_and_erases_a_customer_on_request(
    page: Any, live_server: World, server_errors: list[str]
) -> None:
    from playwright.sync_api import expect

    _log_in(page, live_server, "/customers/new?phone=0933%20444%20555")
    page.fill("#name", "Hồ Thị Thu")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Hồ Thị Thu")

    privacy = page.locator("#privacy")
    marketing = privacy.locator("tr", has_text="Marketing messages")
    expect(marketing).to_contain_text("not given")
    marketing.get_by_role("button", name="Record consent").click()
    expect(privacy.locator(".alert-ok")).to_have_text("Consent saved.")
    expect(privacy.locator("tr", has_text="Marketing messages")).to_contain_text("given")
    expect(privacy.get_by_role("button", name="Withdraw")).to_have_count(2)
    privacy.evaluate("section => section.scrollIntoView({block: 'center'})")
    page.fill("#erase-reason", "Đơn yêu cầu xóa dữ liệu ngày 12/3, phiếu 4471")
    screenshot(page, "customer-360-privacy")

    page.once("dialog", lambda dialog: dialog.accept())
    privacy.get_by_role("button", name="Erase personal data on request (Decree 13/2023)").click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^\(erased #\d+\)$"))
    expect(page.locator(".c360-title .badge-danger")).to_have_text("erased")
    expect(page.locator("body")).not_to_contain_text("0933")
    expect(page.locator("#privacy")).to_contain_text("Personal data erased on")
