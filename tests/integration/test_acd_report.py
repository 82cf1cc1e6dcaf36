"""The ACD interval report over HTTP on SQLite and PostgreSQL: a scripted morning through the real desk and
contact API, then the page, the CSV and the XLSX show the same exact figures; agents may not see it."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from litestar.testing import TestClient

from carecenter.bootstrap import Container
from tests.factories import FakeClock, Staff
from tests.integration.test_acd_flow import call_in, give_skills, ready

DAY = "2026-03-02"  # tests.factories.START is 10:00 that day in Ho Chi Minh City


def presence(client: TestClient[Any], who: Staff, reason: str) -> None:
    response = client.put("/api/v1/desk/presence", json={"ready": False, "reason": reason}, headers=who.headers)
    assert response.status_code == 200, response.text


def step(client: TestClient[Any], who: Staff, path: str, **body: Any) -> None:
    response = client.post(path, json=body or None, headers=who.headers)
    assert response.status_code in (200, 204), response.text


def handle(client: TestClient[Any], clock: FakeClock, agent: Staff, contact: int, ring_s: float) -> None:
    """Take the ringing contact after `ring_s`, talk 2 minutes, wrap up in 30 s."""
    clock.advance(seconds=ring_s)
    step(client, agent, f"/api/v1/desk/offers/{contact}/accept")
    clock.advance(seconds=120)
    step(client, agent, f"/api/v1/desk/contacts/{contact}/end")
    clock.advance(seconds=30)
    step(client, agent, f"/api/v1/desk/contacts/{contact}/wrap-up", reason_code="billing.inquiry")


@pytest.fixture
def morning(client: TestClient[Any], staff: dict[str, Staff], container: Container, clock: FakeClock) -> Staff:
    """10:00 the agent gets ready and takes a call within 6 s; 10:03 break; 10:05 a caller hangs up after
    3 s; 10:10 a caller waits until the agent is back at 10:16 and answers in 4 s; the report is read at 10:20."""
    agent, admin = staff["agent"], staff["admin"]
    give_skills(container, agent, general=5)
    ready(client, agent)
    first = call_in(client, admin).json()["contact_id"]
    handle(client, clock, agent, first, ring_s=6)  # to 10:02:36
    clock.advance(seconds=24)
    presence(client, agent, "break")  # 10:03:00
    clock.advance(seconds=120)
    hung_up = call_in(client, admin, identity="0900000001").json()["contact_id"]  # 10:05:00
    clock.advance(seconds=3)
    step(client, admin, f"/api/v1/contacts/{hung_up}/abandon")
    clock.advance(seconds=297)
    patient = call_in(client, admin, identity="0900000002").json()["contact_id"]  # 10:10:00
    clock.advance(seconds=360)
    ready(client, agent)  # 10:16:00, the waiting call rings at once
    handle(client, clock, agent, patient, ring_s=4)  # to 10:18:34
    clock.advance(seconds=86)  # 10:20:00
    return agent


def test_the_report_page_shows_the_mornings_figures(
    client: TestClient[Any], staff: dict[str, Staff], morning: Staff
) -> None:
    page = client.get(f"/reports/acd?day={DAY}&minutes=15", headers=staff["supervisor"].headers)
    assert page.status_code == 200, page.text
    html = page.text
    assert "<svg" in html and 'class="bar-answered"' in html and "<polyline" in html
    assert 'data-queue="voice.general"' in html
    assert '<td class="num" data-figure="offered">3</td>' in html
    assert '<td class="num lvl-red" data-figure="sl">33 %</td>' in html
    assert '<td class="num" data-figure="asa">3:05</td>' in html  # (6 + 364) / 2 s
    assert '<td class="num" data-figure="longest">6:04</td>' in html
    assert '<td class="num" data-figure="occupancy">71 %</td>' in html  # 300 / (1200 - 780)
    assert "Hold is not recorded yet" in html
    one_queue = client.get(f"/reports/acd?day={DAY}&minutes=60&queue=voice.general", headers=staff["admin"].headers)
    assert one_queue.status_code == 200 and "target 80 %" in one_queue.text
    assert '<td class="num" data-figure="answered">2</td>' in one_queue.text
    today = client.get("/reports/acd", headers=staff["manager"].headers)
    assert today.status_code == 200 and 'value="2026-03-02"' in today.text


def test_the_csv_export_holds_every_interval_row_with_exact_figures(
    client: TestClient[Any], staff: dict[str, Staff], morning: Staff
) -> None:
    response = client.get(f"/reports/acd.csv?day={DAY}&minutes=15", headers=staff["supervisor"].headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="acd-2026-03-02-15min.csv"'
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by = {(r["section"], r["interval_start"], r["queue"] or r["agent_id"]): r for r in table}
    name = morning.user.display_name

    def figures(row: dict[str, str], *names: str) -> str:
        return " | ".join(row[n] for n in names)

    first = by["queue", "2026-03-02 10:00", "voice.general"]
    assert first["interval_end"] == "2026-03-02 10:15"
    assert (
        figures(first, "offered", "answered", "answered_in_sl", "abandoned", "short_abandoned") == "3 | 1 | 1 | 1 | 1"
    )
    assert figures(first, "service_level", "asa_s", "aht_s", "longest_wait_s", "handled") == "0.3333 | 6 | 150 | 6 | 1"
    second = by["queue", "2026-03-02 10:15", "voice.general"]
    assert second["interval_end"] == "2026-03-02 10:20"  # the day so far
    assert figures(second, "offered", "answered", "service_level", "asa_s", "longest_wait_s") == "0 | 1 |  | 364 | 364"
    total = by["queue_total", "", "voice.general"]
    assert figures(total, "offered", "answered", "service_level", "asa_s", "aht_s") == "3 | 2 | 0.3333 | 185 | 150"

    agent = str(morning.id)
    early = by["agent", "2026-03-02 10:00", agent]
    assert early["agent_name"] == name
    times = ("handled", "talk_s", "hold_s", "wrap_s", "not_ready_s", "not_ready_s[break]", "ready_s", "logged_in_s")
    assert figures(early, *times, "occupancy") == "1 | 120 | 0 | 30 | 720 | 720 | 30 | 900 | 0.8333"
    late = by["agent", "2026-03-02 10:15", agent]
    assert figures(late, *times, "occupancy") == "1 | 120 | 0 | 30 | 60 | 60 | 90 | 300 | 0.625"
    day = by["agent_total", "", agent]
    assert figures(day, *times, "occupancy") == "2 | 240 | 0 | 60 | 780 | 780 | 120 | 1200 | 0.7143"
    assert len(table) == 6


def test_the_xlsx_export_opens_in_a_spreadsheet(
    client: TestClient[Any], staff: dict[str, Staff], morning: Staff
) -> None:
    response = client.get(f"/reports/acd.xlsx?day={DAY}&minutes=30", headers=staff["manager"].headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="acd-2026-03-02-30min.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    first = [cell.value for cell in sheet[2]]
    expected = ["queue", "2026-03-02 10:00", "2026-03-02 10:20", "voice.general", None, None, 3, 2, 1]
    assert first[: header.index("offered") + 3] == expected
    assert first[header.index("asa_s")] == 185


def test_agents_may_not_see_the_report_and_bad_values_are_refused(
    client: TestClient[Any], staff: dict[str, Staff]
) -> None:
    for path in ("/reports/acd", "/reports/acd.csv", "/reports/acd.xlsx"):
        assert client.get(path, headers=staff["agent"].headers).status_code == 403
    bad = client.get("/reports/acd.csv?minutes=7", headers=staff["supervisor"].headers)
    assert bad.status_code == 422 and bad.json()["errors"] == [{"field": "minutes", "reason": "choose 15, 30 or 60"}]
    page = client.get("/reports/acd?minutes=7", headers={**staff["supervisor"].headers, "Accept": "text/html"})
    assert page.status_code == 422 and 'id="minutes-error"' in page.text
    assert client.get("/reports/acd.xlsx?day=2026-13-01", headers=staff["supervisor"].headers).status_code == 422
    assert client.get("/reports/acd?queue=nowhere", headers=staff["supervisor"].headers).status_code == 422


def test_far_days_are_refused_and_agents_who_never_paused_export_cleanly(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, clock: FakeClock
) -> None:
    boss = staff["supervisor"].headers
    far = client.get("/reports/acd.csv?day=9999-12-31", headers=boss)
    assert far.status_code == 422 and far.json()["errors"][0]["field"] == "day"
    give_skills(container, staff["agent"], general=5)
    client.put("/api/v1/desk/presence", json={"ready": True}, headers=staff["agent"].headers)  # never not ready
    clock.advance(minutes=20)
    export = client.get("/reports/acd.csv?minutes=15", headers=boss)
    assert export.status_code == 200, export.text
    assert export.headers["content-type"].count("charset") == 1
