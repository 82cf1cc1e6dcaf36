"""What the demo company sells and what its customers call about: products, promotions, contact-reason
mix and agents' notes (in Vietnamese, as agents write them).

Data only; `generator.py` draws from it. Fees are integer VND per month; for electricity the fee is
a typical monthly bill (the tariff is per kWh, tiered), which the generator varies per bill.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from carecenter.domain.customers.model import ServiceKind


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    service_kind: ServiceKind
    monthly_fee_vnd: int
    for_business: bool = False


PRODUCTS: tuple[Product, ...] = (
    Product("FTTH-150", "Internet cáp quang 150 Mbps", ServiceKind.INTERNET, 180_000),
    Product("FTTH-300", "Internet cáp quang 300 Mbps", ServiceKind.INTERNET, 245_000),
    Product("FTTH-1G", "Internet cáp quang 1 Gbps", ServiceKind.INTERNET, 399_000),
    Product("FTTH-BIZ-500", "Internet cáp quang doanh nghiệp 500 Mbps", ServiceKind.INTERNET, 1_100_000, True),
    Product("LL-100M", "Kênh thuê riêng 100 Mbps", ServiceKind.LEASED_LINE, 9_500_000, True),
    Product("LL-1G", "Kênh thuê riêng 1 Gbps", ServiceKind.LEASED_LINE, 38_000_000, True),
    Product("POST-199", "Di động trả sau 199", ServiceKind.MOBILE, 199_000),
    Product("POST-399", "Di động trả sau 399", ServiceKind.MOBILE, 399_000),
    Product("ELEC-RES", "Điện sinh hoạt (giá bậc thang)", ServiceKind.ELECTRICITY, 480_000),
    Product("ELEC-BIZ", "Điện kinh doanh", ServiceKind.ELECTRICITY, 6_500_000, True),
)

# (product code, weight) per kind of customer: what a household or a company typically has.
PERSON_MIX: tuple[tuple[str, float], ...] = (
    ("FTTH-150", 20),
    ("FTTH-300", 18),
    ("FTTH-1G", 6),
    ("POST-199", 12),
    ("POST-399", 6),
    ("ELEC-RES", 38),
)
BUSINESS_MIX: tuple[tuple[str, float], ...] = (
    ("FTTH-BIZ-500", 35),
    ("LL-100M", 18),
    ("LL-1G", 4),
    ("ELEC-BIZ", 43),
)

# Account-number infix per kind: HCM-INT-0001234.
ACCOUNT_INFIX: dict[ServiceKind, str] = {
    ServiceKind.INTERNET: "INT",
    ServiceKind.LEASED_LINE: "LL",
    ServiceKind.MOBILE: "MOB",
    ServiceKind.ELECTRICITY: "ELE",
}


def promotions(today: date) -> tuple[tuple[str, str, str | None, int, date, date], ...]:
    """(code, name, product code, discount %, valid from, valid to): a few running around `today`."""
    return (
        (
            "HE-FTTH-300",
            "Ưu đãi hè: giảm 20% cước cáp quang 300 Mbps",
            "FTTH-300",
            20,
            today - timedelta(days=60),
            today + timedelta(days=30),
        ),
        (
            "TRA-TRUOC-12T",
            "Trả trước 12 tháng tặng 1 tháng",
            "FTTH-150",
            8,
            today - timedelta(days=200),
            today + timedelta(days=165),
        ),
        (
            "SME-LL-2025",
            "Doanh nghiệp vừa và nhỏ: giảm 10% kênh thuê riêng",
            "LL-100M",
            10,
            today - timedelta(days=30),
            today + timedelta(days=150),
        ),
        (
            "TRA-SAU-399",
            "Hòa mạng trả sau 399 giảm 15% 6 tháng đầu",
            "POST-399",
            15,
            today + timedelta(days=7),
            today + timedelta(days=190),
        ),
    )


# Relative frequency of each leaf contact reason on an ordinary day. Around bill issue the billing
# reasons are multiplied by BILLING_PEAK_FACTOR: that is when customers read their bills.
REASON_WEIGHTS: dict[str, float] = {
    "billing.inquiry": 18,
    "billing.dispute": 6,
    "billing.payment": 10,
    "fault.no_service": 10,
    "fault.slow": 9,
    "fault.outage": 2,
    "service.new": 5,
    "service.relocation": 3,
    "service.package_change": 7,
    "service.suspend": 4,
    "complaint.staff": 2,
    "complaint.quality": 4,
    "info.schedule": 5,
    "info.procedure": 8,
}
BILLING_PEAK_FACTOR = 2.5

QUEUE_OF_REASON_FAMILY: dict[str, str] = {
    "billing": "billing",
    "fault": "technical",
    "service": "general",
    "complaint": "complaints",
    "info": "general",
}

CHANNEL_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("voice", 70),
    ("chat", 10),
    ("email", 7),
    ("sms", 5),
    ("web", 5),
    ("social", 2),
    ("fax", 1),
)
OUTCOME_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("resolved", 70),
    ("ticket_created", 12),
    ("callback", 8),
    ("transferred", 6),
    ("no_answer", 4),
)
PAYMENT_METHODS: tuple[tuple[str, float], ...] = (
    ("bank_transfer", 30),
    ("auto_debit", 15),
    ("momo", 18),
    ("zalopay", 8),
    ("vnpay", 12),
    ("counter", 12),
    ("collector", 5),
)

# What the agent wrote, per reason. Fault notes differ for power and telecom customers.
NOTES: dict[str, tuple[str, ...]] = {
    "billing.inquiry": (
        "Khách hỏi chi tiết cước tháng trước, đã giải thích.",
        "Khách hỏi vì sao cước tăng so với tháng trước.",
        "Tra cứu hóa đơn giúp khách.",
    ),
    "billing.dispute": (
        "Khách khiếu nại cước cao bất thường, chuyển bộ phận đối soát.",
        "Khách không đồng ý số tiền trên hóa đơn, đã ghi nhận.",
    ),
    "billing.payment": (
        "Khách báo đã chuyển khoản nhưng chưa gạch nợ.",
        "Hướng dẫn thanh toán qua ví điện tử.",
        "Gọi nhắc khách thanh toán cước quá hạn.",
    ),
    "fault.no_service": (
        "Khách báo mất mạng, đèn LOS đỏ, đã tạo phiếu sửa chữa.",
        "Mất tín hiệu internet từ sáng, hẹn kỹ thuật đến kiểm tra.",
    ),
    "fault.slow": (
        "Mạng chậm vào buổi tối, đã hướng dẫn khởi động lại modem.",
        "Wifi chập chờn, đề nghị kiểm tra thiết bị.",
    ),
    "fault.outage": (
        "Khách báo mất dịch vụ cả khu vực, đã thông báo sự cố đang khắc phục.",
        "Nhiều hộ trong khu vực cùng mất, hẹn thời gian khôi phục dự kiến.",
    ),
    "service.new": ("Khách đăng ký lắp đặt mới, hẹn khảo sát.", "Tư vấn gói cước cho hộ mới chuyển đến."),
    "service.relocation": ("Khách chuyển nhà, yêu cầu chuyển địa điểm lắp đặt.",),
    "service.package_change": ("Khách muốn nâng cấp gói cước.", "Tư vấn gói cước mới phù hợp hơn."),
    "service.suspend": ("Khách yêu cầu tạm ngưng dịch vụ 2 tháng.", "Khách đề nghị khôi phục dịch vụ."),
    "complaint.staff": ("Khách phàn nàn nhân viên kỹ thuật đến trễ hẹn.",),
    "complaint.quality": ("Khách không hài lòng chất lượng dịch vụ, đã ghi nhận và chuyển xử lý.",),
    "info.schedule": ("Khách hỏi lịch ghi chỉ số công tơ.", "Khách hỏi lịch bảo trì định kỳ."),
    "info.procedure": ("Hướng dẫn thủ tục sang tên hợp đồng.", "Hướng dẫn thủ tục đổi thông tin chủ hộ."),
}
POWER_FAULT_NOTES: dict[str, tuple[str, ...]] = {
    "fault.no_service": (
        "Khách báo mất điện tại nhà, đã chuyển đội sửa chữa điện.",
        "Nhảy aptomat tổng, hướng dẫn khách kiểm tra trước khi cử thợ.",
    ),
    "fault.slow": ("Điện chập chờn, điện áp yếu vào giờ cao điểm.",),
    "fault.outage": (
        "Mất điện diện rộng, đã thông báo sự cố trạm biến áp đang khắc phục.",
        "Khách hỏi thời gian có điện trở lại, đã báo dự kiến.",
    ),
}
