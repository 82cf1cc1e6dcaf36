"""The demo's billing calendar: monthly periods, issued on the 1st, due 15 days after the period ends.

Payments fall between issue and a few days after the due date (never after `now`); their offsets are
prebuilt per period because building a timedelta costs ten times adding one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from carecenter.domain.demo.traffic import LOCAL_OFFSET

PAY_SLOTS_BITS = 12


@dataclass(frozen=True)
class BillingPeriod:
    period: str  # YYYY-MM
    issued_at: datetime  # UTC: local midnight of the 1st of the following month
    due_date: date  # 15 days after the period ends
    overdue: bool  # due before today (local)
    pay_offsets: tuple[timedelta, ...]  # 2**12 offsets from issue, spread over the payment window


def billing_periods(now: datetime, count: int = 6) -> tuple[BillingPeriod, ...]:
    """The last `count` complete monthly periods before `now`, most recent first."""
    today = (now + LOCAL_OFFSET).date()
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        first_next = date(year, month, 1)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        due = first_next + timedelta(days=14)
        issued_at = datetime.combine(first_next, time(), tzinfo=UTC) - LOCAL_OFFSET
        window_end = min(datetime.combine(due, time(), tzinfo=UTC) + timedelta(days=5), now - timedelta(hours=1))
        window = max(int((window_end - issued_at).total_seconds()), 60)
        slots = 1 << PAY_SLOTS_BITS
        offsets = tuple(timedelta(seconds=(2 * i + 1) * window // (2 * slots)) for i in range(slots))
        out.append(BillingPeriod(f"{year:04d}-{month:02d}", issued_at, due, due < today, offsets))
    return tuple(out)
