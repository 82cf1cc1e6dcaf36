"""The demo data generator: deterministic, consistent, and shaped like a real care centre's history."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from carecenter.adapters.db.tables import metadata
from carecenter.domain.customers.identities import normalise_identity
from carecenter.domain.customers.phones import normalise_phone
from carecenter.domain.customers.vietnam import BRANCHES_BY_CODE, PROVINCES_BY_CODE
from carecenter.domain.demo.generator import CHUNK_CUSTOMERS, generate
from carecenter.domain.demo.traffic import LOCAL_OFFSET, OUTAGE_PROVINCE_CODE, outage_day
from carecenter.domain.interactions.model import DEFAULT_REASONS
from carecenter.domain.search import folding

NOW = datetime(2025, 10, 15, 9, 30, tzinfo=UTC)
Tables = dict[str, list[dict[str, Any]]]


def collect(customers: int, seed: int = 42, now: datetime = NOW) -> Tables:
    tables: Tables = defaultdict(list)
    for name, rows in generate(customers, seed, now):
        tables[name].extend(rows)
    return tables


@pytest.fixture(scope="module")
def demo() -> Tables:
    return collect(20_000)


def local(moment: datetime) -> datetime:
    return moment + LOCAL_OFFSET


def test_same_seed_gives_identical_rows_and_another_seed_different_ones() -> None:
    assert list(generate(300, 7, NOW)) == list(generate(300, 7, NOW))
    assert collect(300, 7)["customers"] != collect(300, 8)["customers"]


def test_rows_carry_exactly_their_tables_columns_and_tenant_one(demo: Tables) -> None:
    for name, rows in demo.items():
        columns = set(metadata.tables[name].c.keys())
        for row in rows[:50] + rows[-50:]:
            assert set(row) == columns, name
        assert all(row["tenant_id"] == 1 for row in rows), name


def test_batches_come_parents_first_in_chunks() -> None:
    order = [name for name, _ in generate(CHUNK_CUSTOMERS + 10, 1, NOW)]
    assert order[:7] == ["tenants", "regions", "branches", "products", "promotions", "contact_reasons", "segment_rules"]
    chunk = [
        "customers",
        "identities",
        "premises",
        "service_accounts",
        "bills",
        "payments",
        "interactions",
        "customer_search",
    ]
    assert order[7:] == chunk + chunk


def test_ids_count_from_one_and_every_child_points_at_an_existing_parent(demo: Tables) -> None:
    for name, rows in demo.items():
        if "id" in rows[0]:
            assert [r["id"] for r in rows] == list(range(1, len(rows) + 1)), name
    customers = {c["id"] for c in demo["customers"]}
    premises = {p["id"]: p["customer_id"] for p in demo["premises"]}
    accounts = {a["id"]: a["customer_id"] for a in demo["service_accounts"]}
    bills = {b["id"]: b for b in demo["bills"]}
    for table in ("identities", "premises", "service_accounts", "bills", "payments", "interactions", "customer_search"):
        assert {r["customer_id"] for r in demo[table]} <= customers, table
    for account in demo["service_accounts"]:
        if account["premise_id"] is not None:
            assert premises[account["premise_id"]] == account["customer_id"]
    for bill in demo["bills"]:
        assert accounts[bill["service_account_id"]] == bill["customer_id"]
    for payment in demo["payments"]:
        bill = bills[payment["bill_id"]]
        assert bill["customer_id"] == payment["customer_id"] and bill["paid_vnd"] == payment["amount_vnd"]
    products = {p["code"] for p in demo["products"]}
    assert {a["product_code"] for a in demo["service_accounts"]} <= products
    reasons = {r["code"] for r in demo["contact_reasons"]}
    assert {i["reason_code"] for i in demo["interactions"]} <= reasons
    assert len({a["account_number"] for a in demo["service_accounts"]}) == len(demo["service_accounts"])


def test_about_the_promised_number_of_children_per_customer(demo: Tables) -> None:
    n = len(demo["customers"])
    assert n == 20_000
    assert len(demo["premises"]) == n and len(demo["customer_search"]) == n
    assert 1.0 <= len(demo["service_accounts"]) / n <= 1.2
    assert 2.6 <= len(demo["bills"]) / n <= 3.4
    assert 1.7 <= len(demo["interactions"]) / n <= 2.4
    assert 1.3 <= len(demo["identities"]) / n <= 2.2


def test_every_phone_is_a_valid_vietnamese_e164_number(demo: Tables) -> None:
    phones = {i["value"] for i in demo["identities"] if i["kind"] == "phone"}
    assert len(phones) > 15_000
    for phone in phones:
        assert phone.startswith("+84")
        assert normalise_phone(phone) == phone


def test_ids_emails_and_tax_codes_pass_the_identity_rules(demo: Tables) -> None:
    for identity in demo["identities"]:
        if identity["kind"] != "phone":
            assert normalise_identity(identity["kind"], identity["value"]).value == identity["value"]
    primaries = Counter(i["customer_id"] for i in demo["identities"] if i["is_primary"])
    assert len(primaries) == len(demo["customers"]) and set(primaries.values()) == {1}


def test_some_customers_share_a_phone_or_national_id_and_some_are_near_duplicates(demo: Tables) -> None:
    keys = [i for i in demo["identities"] if i["kind"] in ("phone", "national_id")]
    by_value = Counter((i["kind"], i["value"]) for i in keys)
    sharing = {i["customer_id"] for i in keys if by_value[(i["kind"], i["value"])] > 1}
    assert 0.01 <= len(sharing) / len(demo["customers"]) <= 0.08
    premise = {p["customer_id"]: (p["address_line"], p["ward_code"]) for p in demo["premises"]}
    seen: dict[tuple[str, str, str], dict[str, Any]] = {}
    pairs = 0
    for customer in demo["customers"]:
        key = (customer["name"], *premise[customer["id"]])
        other = seen.get(key)
        if other is not None and other["source"] != customer["source"]:
            pairs += 1
        seen[key] = customer
    assert 20 <= pairs <= 200


def test_addresses_follow_the_2025_map_and_branches_their_province(demo: Tables) -> None:
    customers = {c["id"]: c for c in demo["customers"]}
    with_old = 0
    for premise in demo["premises"]:
        province = PROVINCES_BY_CODE[premise["province_code"]]
        ward = next(w for w in province.wards if w.code == premise["ward_code"])
        assert (premise["province_name"], premise["ward_name"]) == (province.name, ward.name)
        customer = customers[premise["customer_id"]]
        assert customer["branch_code"] == province.branch_code
        assert BRANCHES_BY_CODE[customer["branch_code"]].region_code == customer["region_code"]
        if premise["old_province"] is not None:
            with_old += 1
            assert premise["old_ward"] == ward.old_ward
    assert 0.25 <= with_old / len(demo["premises"]) <= 0.35


def test_about_five_percent_are_vip_and_remaining_companies_sme(demo: Tables) -> None:
    segments = Counter(c["segment"] for c in demo["customers"])
    assert 0.045 <= segments["vip"] / len(demo["customers"]) <= 0.055
    businesses = [c for c in demo["customers"] if c["kind"] == "business"]
    assert 0.06 <= len(businesses) / len(demo["customers"]) <= 0.10
    assert all(c["segment"] in ("vip", "sme") for c in businesses)
    assert all(c["segment"] in ("vip", "residential") for c in demo["customers"] if c["kind"] == "person")


def test_names_are_vietnamese_with_diacritics_and_about_one_percent_chinese(demo: Tables) -> None:
    people = [c["name"] for c in demo["customers"] if c["kind"] == "person"]
    assert sum(1 for n in people if not n.isascii()) / len(people) > 0.9
    chinese = [n for n in people if all(0x4E00 <= ord(ch) <= 0x9FFF for ch in n)]
    assert 0.005 <= len(chinese) / len(demo["customers"]) <= 0.016
    companies = [c["name"] for c in demo["customers"] if c["kind"] == "business"]
    assert all(n.startswith(("Công ty", "Doanh nghiệp")) for n in companies)


def test_every_datetime_is_utc_aware_and_before_now(demo: Tables) -> None:
    for name, rows in demo.items():
        for row in rows:
            for value in row.values():
                if isinstance(value, datetime):
                    assert value.tzinfo is UTC, name
                    if name != "customers":
                        assert value <= NOW + timedelta(hours=1), name


def test_interaction_history_reaches_at_least_eight_weeks_back(demo: Tables) -> None:
    starts = [i["started_at"] for i in demo["interactions"]]
    assert max(starts) < NOW
    assert NOW - min(starts) >= timedelta(weeks=8)
    weeks = Counter((NOW - s).days // 7 for s in starts)
    assert all(weeks[w] > 0 for w in range(8))
    opened = [i for i in demo["interactions"] if i["status"] == "open"]
    assert opened and all(NOW - i["started_at"] < timedelta(days=2) for i in opened)
    assert all(i["ended_at"] is None for i in opened)


def test_weekdays_are_busier_than_sundays_and_days_peak_mid_morning_and_afternoon(demo: Tables) -> None:
    by_day_hour = Counter((local(i["started_at"]).weekday(), local(i["started_at"]).hour) for i in demo["interactions"])
    assert by_day_hour[(1, 10)] > 10 * max(by_day_hour[(6, 3)], 1)  # Tuesday 10h vs Sunday 3h
    by_weekday = Counter(local(i["started_at"]).weekday() for i in demo["interactions"])
    assert by_weekday[0] > by_weekday[5] > by_weekday[6]
    by_hour = Counter(local(i["started_at"]).hour for i in demo["interactions"])
    assert by_hour[10] > by_hour[12] < by_hour[15]
    assert by_hour[3] * 20 < by_hour[10]


def test_the_outage_day_quadruples_one_provinces_calls(demo: Tables) -> None:
    province_of = {p["customer_id"]: p["province_code"] for p in demo["premises"]}
    day = outage_day(NOW)
    in_province = [i for i in demo["interactions"] if province_of[i["customer_id"]] == OUTAGE_PROVINCE_CODE]
    per_day = Counter(local(i["started_at"]).date() for i in in_province)
    same_weekday = [per_day[day - timedelta(weeks=w)] for w in (1, 2, 3, 4, 5, 6)]
    assert per_day[day] >= 3 * (sum(same_weekday) / len(same_weekday))
    outage_calls = [i for i in in_province if local(i["started_at"]).date() == day]
    assert Counter(i["reason_code"] for i in outage_calls).most_common(1)[0][0] == "fault.outage"


def test_calls_peak_in_the_days_after_bills_are_issued(demo: Tables) -> None:
    dates = Counter(local(i["started_at"]).date() for i in demo["interactions"])
    weekdays = [d for d in dates if d.weekday() < 5 and d != outage_day(NOW)]
    early = [dates[d] for d in weekdays if d.day <= 3]
    middle = [dates[d] for d in weekdays if 10 <= d.day <= 25]
    assert sum(early) / len(early) > 1.25 * sum(middle) / len(middle)
    billing = Counter(i["reason_code"].split(".")[0] for i in demo["interactions"] if local(i["started_at"]).day <= 3)
    assert billing.most_common(1)[0][0] == "billing"


def test_bills_are_monthly_due_fifteen_days_later_and_a_tenth_of_customers_owe(demo: Tables) -> None:
    today = local(NOW).date()
    for bill in demo["bills"][:2000]:
        year, month = map(int, bill["period"].split("-"))
        next_month = date(year + month // 12, month % 12 + 1, 1)
        assert bill["due_date"] == next_month + timedelta(days=14)
        assert next_month <= today and 0 <= bill["paid_vnd"] <= bill["amount_vnd"]
    debtors = {b["customer_id"] for b in demo["bills"] if b["due_date"] < today and b["paid_vnd"] < b["amount_vnd"]}
    assert 0.07 <= len(debtors) / len(demo["customers"]) <= 0.13
    fees = {p["code"]: p["monthly_fee_vnd"] for p in demo["products"]}
    account_product = {a["id"]: a["product_code"] for a in demo["service_accounts"]}
    internet = [b for b in demo["bills"] if account_product[b["service_account_id"]].startswith("FTTH")]
    assert all(b["amount_vnd"] == fees[account_product[b["service_account_id"]]] for b in internet)


def test_search_document_is_what_folding_document_makes_of_the_customer(demo: Tables) -> None:
    sample = set(range(1, 20_001, 37))
    premises = {p["customer_id"]: p for p in demo["premises"] if p["customer_id"] in sample}
    accounts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for account in demo["service_accounts"]:
        accounts[account["customer_id"]].append(account)
    identities: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for identity in demo["identities"]:
        identities[identity["customer_id"]].append(identity)
    customers = {c["id"]: c for c in demo["customers"]}
    documents = {s["customer_id"]: s["document"] for s in demo["customer_search"]}
    for cid in sorted(sample):
        p = premises[cid]
        texts = [customers[cid]["name"], p["address_line"], p["ward_name"], p["province_name"]]
        texts += [v for v in (p["old_province"], p["old_district"], p["old_ward"]) if v]
        texts += [a["account_number"] for a in accounts[cid]]
        texts += [i["value"] for i in identities[cid] if i["kind"] == "email"]
        numbers = ["0" + i["value"][3:] for i in identities[cid] if i["kind"] == "phone"]
        numbers += [a["meter_number"] for a in accounts[cid] if a["meter_number"]]
        assert documents[cid] == folding.document(texts, numbers)


def test_reference_data_is_complete() -> None:
    tables = collect(0)
    assert tables["tenants"] == [
        {"id": 1, "tenant_id": 1, "name": "Demo Telecom & Power", "timezone": "Asia/Ho_Chi_Minh"}
    ]
    assert [r["code"] for r in tables["contact_reasons"]] == [r.code for r in DEFAULT_REASONS]
    assert {r["code"] for r in tables["regions"]} == {"MB", "MT", "MN"}
    assert {p["service_kind"] for p in tables["products"]} == {"internet", "leased_line", "mobile", "electricity"}
    assert 2 <= len(tables["promotions"]) <= 4
    assert [r["segment"] for r in tables["segment_rules"]] == ["vip", "sme"]
    assert "customers" not in tables


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        next(generate(1, 1, datetime(2025, 1, 1)))
