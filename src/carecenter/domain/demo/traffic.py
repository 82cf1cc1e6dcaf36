"""When demo customers contact the care centre: the shape of volume over days and hours.

Real contact centres see more calls on Monday than on Sunday, two daily humps (mid-morning and
mid-afternoon, local time), a surge in the days after bills are issued on the 1st, and now and then
an outage that multiplies one area's calls. Forecasting, wallboards and WFM demos only look right if
the history has that shape, so it is modelled here once, as weights per local hour.

Times are sampled as UTC-aware datetimes; the weights are in Asia/Ho_Chi_Minh local time (UTC+7 all
year, Vietnam keeps no daylight saving time, so a fixed offset is exact).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

LOCAL_OFFSET = timedelta(hours=7)
HISTORY_DAYS = 91  # 13 weeks: enough for weekly seasonality and a month-on-month comparison
OUTAGE_DAYS_AGO = 21
OUTAGE_PROVINCE_CODE = "79"  # the demo's outage: a 110 kV substation fault in Hồ Chí Minh City
OUTAGE_FACTOR = 4.0  # the outage province's volume that day, as a multiple of an ordinary day
OUTAGE_FIRST_HOUR = 8  # local hour the outage began; calls follow it until late evening

# Monday .. Sunday
WEEKDAY_WEIGHT: tuple[float, ...] = (1.18, 1.10, 1.05, 1.0, 0.98, 0.68, 0.40)
# Local hour 0 .. 23: two humps, 9–11h and 14–16h, a lunch dip, a quiet night.
HOUR_WEIGHT: tuple[float, ...] = (
    0.04,
    0.02,
    0.015,
    0.015,
    0.02,
    0.06,
    0.22,
    0.60,
    1.20,
    1.80,
    1.95,
    1.70,
    0.90,
    1.10,
    1.75,
    1.85,
    1.60,
    1.20,
    0.80,
    0.62,
    0.50,
    0.35,
    0.20,
    0.09,
)
# Day of month -> multiplier; bills are issued on the 1st and customers read them over a few days.
BILLING_PEAK: dict[int, float] = {1: 1.7, 2: 1.6, 3: 1.45, 4: 1.3, 5: 1.15}


@dataclass(frozen=True)
class ContactCalendar:
    """Hour buckets of the history window with their cumulative weights, ready for sampling.

    `starts[i]` is the UTC start of bucket i, `cumulative[i]` the running weight up to and including
    it, `billing_peak[i]` whether the bucket lies in the days after bill issue.
    """

    starts: tuple[datetime, ...]
    cumulative: tuple[float, ...]
    billing_peak: tuple[bool, ...]
    outage_day: date  # local date
    outage_starts: tuple[datetime, ...]
    outage_cumulative: tuple[float, ...]
    outage_share: float  # the outage day's share of the whole window's weight

    def sample(self, u: float) -> int:
        """The bucket index for a uniform `u` in [0, 1)."""
        return bisect.bisect_right(self.cumulative, u * self.cumulative[-1])

    def sample_outage(self, u: float) -> datetime:
        """The start of an hour on the outage day (from the outage onwards) for a uniform `u`."""
        index = bisect.bisect_right(self.outage_cumulative, u * self.outage_cumulative[-1])
        return self.outage_starts[index]


def local_hour_start(day: date, hour: int) -> datetime:
    """The UTC instant at which local `hour` of local `day` begins."""
    return datetime.combine(day, time(hour), tzinfo=UTC) - LOCAL_OFFSET


def day_weight(day: date) -> float:
    return WEEKDAY_WEIGHT[day.weekday()] * BILLING_PEAK.get(day.day, 1.0)


def outage_day(now: datetime) -> date:
    """The local date of the demo's outage: three weeks before `now`."""
    return ((now + LOCAL_OFFSET).date()) - timedelta(days=OUTAGE_DAYS_AGO)


def contact_calendar(now: datetime, days: int = HISTORY_DAYS) -> ContactCalendar:
    """The calendar of the `days` local days up to `now` (complete hours only, none after `now`)."""
    today = (now + LOCAL_OFFSET).date()
    starts: list[datetime] = []
    cumulative: list[float] = []
    peak: list[bool] = []
    total = 0.0
    outage = outage_day(now)
    outage_weight = 0.0
    for offset in range(days, -1, -1):
        day = today - timedelta(days=offset)
        weight = day_weight(day)
        for hour in range(24):
            start = local_hour_start(day, hour)
            if start + timedelta(hours=1) > now:
                break
            total += weight * HOUR_WEIGHT[hour]
            if day == outage:
                outage_weight += weight * HOUR_WEIGHT[hour]
            starts.append(start)
            cumulative.append(total)
            peak.append(day.day in BILLING_PEAK)
    # After the fault, calls follow the ordinary intraday shape but start at once, in strength.
    outage_hours = range(OUTAGE_FIRST_HOUR, 24)
    outage_cumulative: list[float] = []
    running = 0.0
    for hour in outage_hours:
        running += HOUR_WEIGHT[hour] + (1.5 if hour < OUTAGE_FIRST_HOUR + 3 else 0.0)
        outage_cumulative.append(running)
    return ContactCalendar(
        starts=tuple(starts),
        cumulative=tuple(cumulative),
        billing_peak=tuple(peak),
        outage_day=outage,
        outage_starts=tuple(local_hour_start(outage, hour) for hour in outage_hours),
        outage_cumulative=tuple(outage_cumulative),
        outage_share=outage_weight / total,
    )
