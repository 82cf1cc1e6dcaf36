"""Every contact with a customer on any channel, and how the timeline orders them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from carecenter.domain.errors import FieldProblem, InvalidInput


class Channel(StrEnum):
    VOICE = "voice"
    EMAIL = "email"
    SMS = "sms"
    CHAT = "chat"
    WEB = "web"
    FAX = "fax"
    SOCIAL = "social"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class InteractionStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Interaction:
    id: int | None
    customer_id: int | None
    channel: Channel
    direction: Direction
    started_at: datetime
    ended_at: datetime | None = None
    status: InteractionStatus = InteractionStatus.CLOSED
    queue: str | None = None
    agent_id: int | None = None
    reason_code: str | None = None
    notes: str = ""
    outcome: str | None = None
    identity: str | None = None  # the phone/email the contact came from


@dataclass(frozen=True)
class ContactReason:
    """A node of the hierarchical contact-reason tree: `billing.dispute.wrong_amount`.

    A retired reason (`active` false) is no longer chosen for a contact but still labels those that carry it.
    """

    code: str
    label_en: str
    label_vi: str
    active: bool = True

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    @property
    def depth(self) -> int:
        return self.code.count(".")


def validate_reason_code(code: str, known: Iterable[str]) -> None:
    """Refuse a code that is not among `known`: the reasons that may be chosen now (retired ones are not)."""
    if code not in set(known):
        raise InvalidInput(FieldProblem("reason_code", f"unknown or retired contact-reason code {code!r}"))


def timeline_order(items: Iterable[Interaction]) -> list[Interaction]:
    """Open items first, then newest first: what an agent needs to see on top."""
    return sorted(items, key=lambda i: (i.status != InteractionStatus.OPEN, -i.started_at.timestamp()))


DEFAULT_REASONS: tuple[ContactReason, ...] = (
    ContactReason("billing", "Billing", "Cước phí"),
    ContactReason("billing.inquiry", "Bill inquiry", "Hỏi cước"),
    ContactReason("billing.dispute", "Bill dispute", "Khiếu nại cước"),
    ContactReason("billing.payment", "Payment", "Thanh toán"),
    ContactReason("fault", "Fault", "Sự cố"),
    ContactReason("fault.no_service", "No service", "Mất dịch vụ"),
    ContactReason("fault.slow", "Slow or unstable", "Chậm, chập chờn"),
    ContactReason("fault.outage", "Area outage", "Mất điện/mạng khu vực"),
    ContactReason("service", "Service request", "Yêu cầu dịch vụ"),
    ContactReason("service.new", "New connection", "Lắp đặt mới"),
    ContactReason("service.relocation", "Relocation", "Chuyển địa điểm"),
    ContactReason("service.package_change", "Package change", "Đổi gói cước"),
    ContactReason("service.suspend", "Suspend or restore", "Tạm ngưng/khôi phục"),
    ContactReason("complaint", "Complaint", "Khiếu nại"),
    ContactReason("complaint.staff", "Staff attitude", "Thái độ nhân viên"),
    ContactReason("complaint.quality", "Service quality", "Chất lượng dịch vụ"),
    ContactReason("info", "Information", "Tư vấn"),
    ContactReason("info.schedule", "Meter-reading schedule", "Lịch ghi chỉ số"),
    ContactReason("info.procedure", "Procedures", "Thủ tục"),
)
