"""What a fresh installation starts with (migration 0006 writes it once; operators edit it afterwards):
the statuses of every case kind, the office calendar SLA targets count on, and an SLA policy for every
kind × priority, with tighter ones for VIP customers' faults and complaints.

Targets are business time on the `office` calendar (Mon–Sat 07:30–17:00, 9.5 hours a day), except urgent
and high faults, which the field teams work around the clock (`24x7`).
"""

from __future__ import annotations

from carecenter.domain.cases.case import CaseStatus
from carecenter.domain.cases.model import CaseKind, Priority, StatusCategory
from carecenter.domain.cases.sla_policy import BreachAction, PolicySpec

OFFICE_CALENDAR = "office"
OFFICE_HOURS = {"mon-sat": "07:30-17:00", "sun": "closed"}
AROUND_THE_CLOCK = "24x7"  # seeded by migration 0003

HOUR = 3600
DAY = 9 * HOUR + 30 * 60  # one business day of the office calendar

_C = StatusCategory
# (code, English, Vietnamese, category) for every kind, in the order they are offered.
_COMMON = (
    ("new", "New", "Mới tiếp nhận", _C.NEW),
    ("open", "In progress", "Đang xử lý", _C.OPEN),
    ("waiting_customer", "Waiting for the customer", "Chờ khách hàng phản hồi", _C.PENDING_CUSTOMER),
    ("with_department", "With another department", "Đang chờ bộ phận khác", _C.PENDING_DEPARTMENT),
    ("resolved", "Resolved", "Đã giải quyết", _C.RESOLVED),
    ("closed", "Closed", "Đã đóng", _C.CLOSED),
)
# Faults show customers that someone is on site: a second status of the open category.
_FAULT_EXTRA = (("technician_on_site", "Technician on site", "Kỹ thuật viên đang xử lý tại chỗ", _C.OPEN),)

DEFAULT_STATUSES: tuple[CaseStatus, ...] = tuple(
    CaseStatus(kind, code, en, vi, category, position=10 * (index + 1))
    for kind in CaseKind
    for index, (code, en, vi, category) in enumerate(_COMMON + (_FAULT_EXTRA if kind is CaseKind.FAULT else ()))
)


_P = Priority
# (first response, resolution) per kind and priority.
_TARGETS: dict[CaseKind, dict[Priority, tuple[int, int]]] = {
    CaseKind.FAULT: {_P.URGENT: (1 * HOUR, 4 * HOUR), _P.HIGH: (2 * HOUR, 12 * HOUR),
                     _P.NORMAL: (4 * HOUR, 2 * DAY), _P.LOW: (1 * DAY, 5 * DAY)},
    CaseKind.COMPLAINT: {_P.URGENT: (1 * HOUR, 1 * DAY), _P.HIGH: (2 * HOUR, 2 * DAY),
                         _P.NORMAL: (4 * HOUR, 3 * DAY), _P.LOW: (1 * DAY, 5 * DAY)},
    CaseKind.REQUEST: {_P.URGENT: (2 * HOUR, 1 * DAY), _P.HIGH: (4 * HOUR, 3 * DAY),
                       _P.NORMAL: (1 * DAY, 5 * DAY), _P.LOW: (2 * DAY, 10 * DAY)},
    CaseKind.INQUIRY: {_P.URGENT: (1 * HOUR, 4 * HOUR), _P.HIGH: (2 * HOUR, 1 * DAY),
                       _P.NORMAL: (4 * HOUR, 2 * DAY), _P.LOW: (1 * DAY, 3 * DAY)},
    CaseKind.SUGGESTION: {_P.URGENT: (1 * DAY, 5 * DAY), _P.HIGH: (1 * DAY, 10 * DAY),
                          _P.NORMAL: (2 * DAY, 15 * DAY), _P.LOW: (3 * DAY, 20 * DAY)},
}  # fmt: skip
_ACTIONS = {
    _P.URGENT: (BreachAction.ESCALATE, BreachAction.NOTIFY),
    _P.HIGH: (BreachAction.ESCALATE, BreachAction.NOTIFY),
    _P.NORMAL: (BreachAction.NOTIFY,),
    _P.LOW: (BreachAction.RAISE_PRIORITY, BreachAction.NOTIFY),
}
_ESCALATED_KINDS = (CaseKind.FAULT, CaseKind.COMPLAINT)  # a late fault or complaint always goes up
VIP = "vip"


def _seed(kind: CaseKind, priority: Priority, segment: str | None) -> PolicySpec:
    first_response, resolution = _TARGETS[kind][priority]
    actions = _ACTIONS[priority]
    if kind in _ESCALATED_KINDS and BreachAction.ESCALATE not in actions:
        actions = (BreachAction.ESCALATE, *actions)
    if segment == VIP:  # VIP customers' faults and complaints: half the time
        first_response, resolution = first_response // 2, resolution // 2
    around_the_clock = kind is CaseKind.FAULT and priority >= Priority.HIGH
    return PolicySpec(
        code=f"{kind.value}.{priority.value}" + (f".{segment}" if segment else ""),
        kind=kind,
        priority=priority,
        segment=segment,
        first_response_s=first_response,
        resolution_s=resolution,
        breach_actions=actions,
        calendar_code=AROUND_THE_CLOCK if around_the_clock else OFFICE_CALENDAR,
    )


DEFAULT_POLICIES: tuple[PolicySpec, ...] = tuple(
    _seed(kind, priority, segment)
    for kind in CaseKind
    for priority in Priority
    for segment in ((None, VIP) if kind in _ESCALATED_KINDS else (None,))
)
