"""Customers and all their children, one chunk at a time: the hot loop of the demo generator.

Per customer: one premise, one service account (sometimes two), about three monthly bills, payments
for what was paid, about two interactions, identities and the folded search document. Segments are
assigned per chunk with the editable rules (`segments.assign_segments`) over the bills generated, so
about 5 % of each chunk is VIP and the remaining companies are SME.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from carecenter.domain.customers.model import CustomerKind, ServiceKind
from carecenter.domain.customers.segments import DEFAULT_RULES, CustomerRevenue, assign_segments
from carecenter.domain.demo import catalogue
from carecenter.domain.demo.billing import PAY_SLOTS_BITS, BillingPeriod
from carecenter.domain.demo.households import Household, HouseholdMaker, Tokens, spread, weighted_pool
from carecenter.domain.demo.traffic import OUTAGE_FACTOR, OUTAGE_PROVINCE_CODE, ContactCalendar

Row = dict[str, Any]

BUSINESS_SHARE = 0.08
DUPLICATE_SHARE = 0.004  # another branch system's record of the previous customer
SHARED_PHONE_SHARE = 0.02  # family members giving the same phone
SHARED_ID_SHARE = 0.01  # a record keyed on a relative's or the previous owner's ID
SECOND_ACCOUNT_SHARE = 0.10
ARREARS_SHARE = 0.10
LARGE_HOUSEHOLD_SHARE = 0.03  # villas, home businesses: residential power bills several times the norm
OPEN_WITHIN = timedelta(days=2)
# Building a timedelta costs ten times adding one, so offsets are drawn from prebuilt tables:
_HOUR_OFFSETS = tuple(timedelta(seconds=i * 3600 // 4096) for i in range(4096))  # draw with bits(12)
_DAYS = tuple(timedelta(days=i) for i in range(2048))  # bits(11): up to 5.6 years
_DURATIONS = tuple(timedelta(seconds=45 + int((i / 2) ** 1.6)) for i in range(256))  # 45 s .. 26 min
_INTERACTION_COUNTS = weighted_pool(((0, 15), (1, 25), (2, 25), (3, 17), (4, 10), (5, 5), (6, 3)), 7)
_BILL_COUNTS = weighted_pool(((2, 2), (3, 3), (4, 1)), 3)
_ACCOUNT_STATUS = weighted_pool((("active", 90), ("suspended", 6), ("terminated", 4)), 7)
_RING_BITS = 6  # how many recent phones / IDs a shared one is drawn from


# The order in which a chunk's tables are yielded: parents before children.
CHUNK_TABLES = (
    "customers",
    "identities",
    "premises",
    "service_accounts",
    "bills",
    "payments",
    "interactions",
    "customer_search",
)


class CustomerFactory:
    """Holds the random stream, id counters and caches across chunks; `chunk(n)` makes n customers."""

    def __init__(self, seed: int, now: datetime, calendar: ContactCalendar, periods: tuple[BillingPeriod, ...]) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.calendar = calendar
        self.periods = periods
        self.tok = Tokens()
        self.households = HouseholdMaker(self.rng, self.tok)
        # Last id used per table; ids are explicit so children can point at parents before storage.
        self.customer_id = self.identity_id = self.premise_id = self.account_id = 0
        self.bill_id = self.payment_id = self.interaction_id = 0
        self.products = {p.code: p for p in catalogue.PRODUCTS}
        self.person_products = weighted_pool(catalogue.PERSON_MIX, 8)
        self.business_products = weighted_pool(catalogue.BUSINESS_MIX, 8)
        self.channels = weighted_pool(catalogue.CHANNEL_WEIGHTS, 8)
        self.outcomes = weighted_pool(catalogue.OUTCOME_WEIGHTS, 7)
        self.methods = weighted_pool(catalogue.PAYMENT_METHODS, 7)
        self.reasons = weighted_pool(catalogue.REASON_WEIGHTS.items(), 10)
        self.peak_reasons = weighted_pool(
            (
                (code, w * (catalogue.BILLING_PEAK_FACTOR if code.startswith("billing.") else 1.0))
                for code, w in catalogue.REASON_WEIGHTS.items()
            ),
            10,
        )
        self.queues = {code: catalogue.QUEUE_OF_REASON_FAMILY[code.split(".")[0]] for code in catalogue.REASON_WEIGHTS}
        self.notes = {code: spread(notes, 4) for code, notes in catalogue.NOTES.items()}
        self.power_notes = {code: spread(notes, 4) for code, notes in catalogue.POWER_FAULT_NOTES.items()}
        mean_contacts = sum(_INTERACTION_COUNTS) / len(_INTERACTION_COUNTS)
        # Extra outage calls per customer of the province, so its volume that day is OUTAGE_FACTOR times.
        self.outage_chance = (OUTAGE_FACTOR - 1.0) * mean_contacts * calendar.outage_share
        self.first_contact = calendar.starts[0]
        self.open_after = now - OPEN_WITHIN
        self.phones: list[str] = []
        self.registry_ids: list[str] = []
        self.previous: Household | None = None
        self.previous_system = ""
        self.rows: dict[str, list[Row]] = {}

    def chunk(self, size: int) -> dict[str, list[Row]]:
        """The next `size` customers with their children, keyed by table name."""
        self.rows = {t: [] for t in CHUNK_TABLES}
        revenues = [self._customer() for _ in range(size)]
        segments = assign_segments(revenues, DEFAULT_RULES)
        for row in self.rows["customers"]:
            row["segment"] = segments[row["id"]].value
        return self.rows

    def _customer(self) -> CustomerRevenue:
        rnd, bits = self.rng.random, self.rng.getrandbits
        self.customer_id += 1
        cid = self.customer_id
        duplicate = self.previous is not None and rnd() < DUPLICATE_SHARE
        if duplicate and self.previous is not None:
            home = self.previous
        else:
            home = self.households.fresh(rnd() < BUSINESS_SHARE)
        province, ward = home.province, home.ward
        mix = self.business_products if home.business else self.person_products
        products = [self.products[mix[bits(8)]]]
        if rnd() < SECOND_ACCOUNT_SHARE:
            second = self.products[mix[bits(8)]]
            if second.service_kind is not products[0].service_kind:
                products.append(second)
        kind0 = products[0].service_kind
        system = "cmis" if kind0 is ServiceKind.ELECTRICITY else "ccbs"
        if duplicate:  # the same household as recorded by the other system of the merged company
            system = "ccbs" if self.previous_system == "cmis" else "cmis"
        created = self.first_contact - _DAYS[7 + bits(11) % 2000] - _HOUR_OFFSETS[bits(12)]
        self.rows["customers"].append(
            {
                "id": cid,
                "tenant_id": 1,
                "kind": "business" if home.business else "person",
                "name": home.name,
                "segment": "residential",
                "region_code": province.region_code,
                "branch_code": province.branch_code,
                "date_of_birth": home.birth,
                "consent_marketing": rnd() < 0.35,
                "consent_data_processing": True,
                "erased_at": None,
                "merged_into_id": None,
                "source": f"{system}-{province.branch_code.lower()}",
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
        )
        phones, emails = self._identities(cid, home, duplicate)
        self.premise_id += 1
        premise_id = self.premise_id
        old = home.old_address
        node = None
        if kind0 is ServiceKind.ELECTRICITY:
            node = f"XT-{471 + bits(5) % 28}"
        elif kind0 is not ServiceKind.MOBILE:
            node = f"OLT-{province.short}-{1 + bits(6) % 40:03d}"
        self.rows["premises"].append(
            {
                "id": premise_id,
                "tenant_id": 1,
                "customer_id": cid,
                "address_line": home.line,
                "ward_code": ward.code,
                "ward_name": ward.name,
                "province_code": province.code,
                "province_name": province.name,
                "old_province": ward.old_province if old else None,
                "old_district": ward.old_district if old else None,
                "old_ward": ward.old_ward if old else None,
                "network_node": node,
            }
        )
        tok = self.tok
        words = [*home.name_tokens, *home.line_tokens, *tok(ward.name), *tok(province.name)]
        if old:
            words += [*tok(ward.old_province), *tok(ward.old_district), *tok(ward.old_ward)]
        numbers = [f"0{p[3:]}" for p in phones]
        revenue = 0
        arrears = rnd() < ARREARS_SHARE
        for product in products:
            account_tokens, meter, amount = self._account(cid, premise_id, province.short, product, arrears, created)
            words += account_tokens
            if meter:
                numbers.append(meter)
            revenue += amount
            arrears = False  # one account in arrears is enough to make the customer a debtor
        words += home.email_tokens
        self._interactions(cid, home, phones[0], emails[0] if emails else None, kind0)
        seen = dict.fromkeys(words)
        for number in numbers:
            for i in range(len(number) - 2):
                seen[number[i:]] = None
        self.rows["customer_search"].append({"customer_id": cid, "tenant_id": 1, "document": " ".join(seen)})
        self.previous, self.previous_system = home, system
        return CustomerRevenue(cid, CustomerKind.BUSINESS if home.business else CustomerKind.PERSON, revenue)

    def _identities(self, cid: int, home: Household, duplicate: bool) -> tuple[list[str], list[str]]:
        """Identity rows of customer `cid`; returns its phones (E.164) and emails, primary first."""
        rnd = self.rng.random
        rows = self.rows["identities"]
        phone = home.phone
        if duplicate and rnd() < 0.5:
            phone = self.households.mobile()  # the other system holds an older or a relative's number
        elif not duplicate and self.phones and rnd() < SHARED_PHONE_SHARE:
            phone = self.phones[self.rng.getrandbits(_RING_BITS) % len(self.phones)]
        phones = [phone]
        found: list[tuple[str, str, bool]] = [("phone", phone, True)]
        if rnd() < (0.5 if home.business else 0.08):
            landline = self.households.landline(home.province)
            phones.append(landline)
            found.append(("phone", landline, False))
        emails = [home.email] if home.email else []
        for email in emails:
            found.append(("email", email, False))
        if home.business or rnd() < 0.55:
            registry_id = home.registry_id
            if not duplicate and not home.business and self.registry_ids and rnd() < SHARED_ID_SHARE * 2:
                registry_id = self.registry_ids[self.rng.getrandbits(_RING_BITS) % len(self.registry_ids)]
            found.append(("tax_code" if home.business else "national_id", registry_id, False))
            if not home.business:
                self._remember(self.registry_ids, registry_id)
        self._remember(self.phones, phone)
        for kind, value, primary in found:
            self.identity_id += 1
            rows.append(
                {
                    "id": self.identity_id,
                    "tenant_id": 1,
                    "customer_id": cid,
                    "kind": kind,
                    "value": value,
                    "is_primary": primary,
                }
            )
        return phones, emails

    def _remember(self, ring: list[str], value: str) -> None:
        if len(ring) < 1 << _RING_BITS:
            ring.append(value)
        else:
            ring[self.rng.getrandbits(_RING_BITS)] = value

    def _account(
        self, cid: int, premise_id: int, short: str, product: catalogue.Product, arrears: bool, created: datetime
    ) -> tuple[list[str], str | None, int]:
        """A service account with its bills and payments; returns (search tokens, meter, billed VND)."""
        rnd, bits = self.rng.random, self.rng.getrandbits
        kind = product.service_kind
        self.account_id += 1
        account_id = self.account_id
        infix = catalogue.ACCOUNT_INFIX[kind]
        digits = f"{account_id:07d}"
        meter = None
        if kind is ServiceKind.ELECTRICITY:
            # A multiplicative permutation: unique 10-digit serials that do not look sequential.
            meter = str(1_000_000_000 + account_id * 7_368_787 % 9_000_000_000)
        self.rows["service_accounts"].append(
            {
                "id": account_id,
                "tenant_id": 1,
                "customer_id": cid,
                "premise_id": None if kind is ServiceKind.MOBILE else premise_id,
                "account_number": f"{short}-{infix}-{digits}",
                "kind": kind.value,
                "status": "suspended" if arrears and rnd() < 0.3 else _ACCOUNT_STATUS[bits(7)],
                "product_code": product.code,
                "meter_number": meter,
                "activated_on": (created + _DAYS[bits(5)]).date(),
                "version": 1,
            }
        )
        fee = product.monthly_fee_vnd
        scale = 1.0
        if kind is ServiceKind.ELECTRICITY and not product.for_business and rnd() < LARGE_HOUSEHOLD_SHARE:
            scale = 4.0 + rnd() * 6.0
        bills, payments, methods = self.rows["bills"], self.rows["payments"], self.methods
        billed = 0
        unpaid_left = (2 if rnd() < 0.3 else 1) if arrears else 0
        for period in self.periods[: _BILL_COUNTS[bits(3)]]:
            if kind is ServiceKind.ELECTRICITY:
                amount = int(fee * scale * (0.55 + rnd() * 0.9)) // 100 * 100
            elif kind is ServiceKind.MOBILE and rnd() < 0.3:
                amount = fee + bits(8) % 200 * 1000  # calls and data beyond the bundle
            else:
                amount = fee
            if period.overdue:
                paid = amount
                if unpaid_left:
                    paid = 0 if rnd() < 0.7 else amount // 2
                    unpaid_left -= 1
            else:
                paid = amount if rnd() < 0.5 else 0
            self.bill_id += 1
            bills.append(
                {
                    "id": self.bill_id,
                    "tenant_id": 1,
                    "customer_id": cid,
                    "service_account_id": account_id,
                    "period": period.period,
                    "amount_vnd": amount,
                    "due_date": period.due_date,
                    "paid_vnd": paid,
                }
            )
            if paid:
                self.payment_id += 1
                payments.append(
                    {
                        "id": self.payment_id,
                        "tenant_id": 1,
                        "customer_id": cid,
                        "bill_id": self.bill_id,
                        "amount_vnd": paid,
                        "paid_at": period.issued_at + period.pay_offsets[bits(PAY_SLOTS_BITS)],
                        "method": methods[bits(7)],
                    }
                )
            billed += amount
        return [short.lower(), infix.lower(), digits], meter, billed

    def _interactions(self, cid: int, home: Household, phone: str, email: str | None, kind: ServiceKind) -> None:
        rnd, bits = self.rng.random, self.rng.getrandbits
        cal = self.calendar
        contacts: list[tuple[datetime, str]] = []
        for _ in range(_INTERACTION_COUNTS[bits(7)]):
            index = cal.sample(rnd())
            pool = self.peak_reasons if cal.billing_peak[index] else self.reasons
            contacts.append((cal.starts[index] + _HOUR_OFFSETS[bits(12)], pool[bits(10)]))
        if home.province.code == OUTAGE_PROVINCE_CODE and rnd() < self.outage_chance:
            contacts.append((cal.sample_outage(rnd()) + _HOUR_OFFSETS[bits(12)], "fault.outage"))
        notes_of = self.power_notes if kind is ServiceKind.ELECTRICITY else {}
        rows = self.rows["interactions"]
        for started, reason in contacts:
            direction = "inbound"
            channel = self.channels[bits(8)]
            if reason != "fault.outage" and rnd() < 0.08:  # reminders and offers the centre makes
                direction, channel = "outbound", "voice"
                reason = "billing.payment" if rnd() < 0.6 else "service.package_change"
            notes = notes_of.get(reason) or self.notes[reason]
            is_open = started > self.open_after and rnd() < 0.35
            self.interaction_id += 1
            rows.append(
                {
                    "id": self.interaction_id,
                    "tenant_id": 1,
                    "customer_id": cid,
                    "channel": channel,
                    "direction": direction,
                    "status": "open" if is_open else "closed",
                    "started_at": started,
                    "ended_at": None if is_open else started + _DURATIONS[bits(8)],
                    "queue": self.queues[reason],
                    "agent_id": None,
                    "reason_code": reason,
                    "notes": notes[bits(4)],
                    "outcome": None if is_open else self.outcomes[bits(7)],
                    "identity": phone if channel in ("voice", "sms") else email if channel == "email" else None,
                }
            )
