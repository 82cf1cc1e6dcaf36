"""Display names of the domain's codes (roles, segments, statuses, channels…) as gettext msgids.

`N_` only marks a string for `pybabel extract`; templates translate at render time with
`label(kind, code)`, so each code is translated in the reader's language, and an unknown code is shown
as itself rather than failing the page.

`permission` repeats the meanings in `domain.access.permissions.PERMISSIONS` word for word (the domain
stays free of gettext; tests/unit/test_i18n.py fails when the two drift apart).
"""

from __future__ import annotations


def N_(message: str) -> str:
    return message


LABELS: dict[str, dict[str, str]] = {
    "role": {
        "agent": N_("Agent"),
        "supervisor": N_("Supervisor"),
        "back_office": N_("Back office"),
        "qa": N_("Quality assurance"),
        "manager": N_("Manager"),
        "admin": N_("Administrator"),
    },
    "permission": {
        "customers.read": N_("see customers, their services, bills and history"),
        "customers.read_sensitive": N_("see national ID, tax code and date of birth unmasked"),
        "customers.read_address": N_("see the street address (house number and street), not only ward and province"),
        "customers.write": N_("create and edit customers"),
        "customers.import": N_("import customers from branch exports"),
        "customers.merge": N_("review duplicates and merge customers"),
        "customers.erase": N_("erase a customer's personal data on request"),
        "services.change": N_("suspend, restore or change the package of a service"),
        "interactions.read": N_("see interaction history"),
        "interactions.write": N_("record interactions"),
        "users.read": N_("see users, teams and departments"),
        "users.admin": N_("create and edit users, teams, departments and roles"),
        "audit.read": N_("see who read which customer's personal data"),
        "catalogue.admin": N_("edit products, promotions and segment rules"),
        "acd.desk": N_("take contacts: set one's own presence, accept or reject offers, end and wrap up"),
        "acd.wallboard": N_("watch queues and agents live, and the ACD interval report"),
        "acd.supervise": N_("change an agent's presence and switch a queue's emergency mode"),
        "acd.contacts": N_("route contacts in from a channel (channel gateways, the traffic simulator)"),
        "acd.admin": N_("configure queues, skills, agents' skills and capacities, calendars and reason codes"),
        "cases.read": N_("see cases, their follow-up sheet and SLA"),
        "cases.write": N_("open cases, add notes, dispatch cases and change their status"),
        "cases.work": N_("work and resolve cases dispatched to a department (back office)"),
        "cases.admin": N_("configure case statuses and SLA policies"),
    },
    "agent_state": {
        "ready": N_("Ready"),
        "not_ready": N_("Not ready"),
        "offered": N_("Ringing"),
        "busy": N_("Busy"),
        "wrap_up": N_("Wrap-up"),
        "logged_out": N_("Logged out"),
    },
    "policy": {"longest_idle": N_("Longest idle"), "least_loaded": N_("Least loaded")},
    "contact_stage": {
        "waiting": N_("Waiting"),
        "offered": N_("Ringing"),
        "connected": N_("Connected"),
        "wrap_up": N_("Wrap-up"),
    },
    "segment": {"vip": N_("VIP"), "sme": N_("SME"), "residential": N_("Residential")},
    "customer_kind": {"person": N_("Person"), "business": N_("Business")},
    "identity": {
        "phone": N_("Phone"),
        "email": N_("Email"),
        "national_id": N_("National ID"),
        "tax_code": N_("Tax code"),
    },
    "service_kind": {
        "internet": N_("Internet"),
        "leased_line": N_("Leased line"),
        "mobile": N_("Mobile"),
        "electricity": N_("Electricity"),
    },
    "service_status": {
        "pending": N_("Pending"),
        "active": N_("Active"),
        "suspended": N_("Suspended"),
        "terminated": N_("Terminated"),
    },
    "channel": {
        "voice": N_("Call"),
        "email": N_("Email"),
        "sms": N_("SMS"),
        "chat": N_("Chat"),
        "web": N_("Web form"),
        "fax": N_("Fax"),
        "social": N_("Social media"),
    },
    "queue": {
        "billing": N_("Billing"),
        "technical": N_("Technical"),
        "general": N_("General"),
        "complaints": N_("Complaints"),
    },
    "direction": {"inbound": N_("Inbound"), "outbound": N_("Outbound")},
    "interaction_status": {"open": N_("Open"), "closed": N_("Closed")},
    "locale": {"en": N_("English"), "vi": N_("Vietnamese")},
    "payment_method": {
        "cash": N_("Cash"),
        "counter": N_("At the counter"),
        "collector": N_("Collector"),
        "bank_transfer": N_("Bank transfer"),
        "card": N_("Card"),
        "auto_debit": N_("Auto debit"),
        "momo": N_("MoMo"),
        "zalopay": N_("ZaloPay"),
        "vnpay": N_("VNPay"),
    },
    "outcome": {
        "resolved": N_("Resolved"),
        "ticket_created": N_("Ticket created"),
        "callback": N_("Call back"),
        "transferred": N_("Transferred"),
        "no_answer": N_("No answer"),
    },
    "case_kind": {
        "fault": N_("Fault"),
        "complaint": N_("Complaint"),
        "request": N_("Request"),
        "inquiry": N_("Inquiry"),
        "suggestion": N_("Suggestion"),
    },
    "case_category": {
        "new": N_("New"),
        "open": N_("In progress"),
        "pending_customer": N_("Pending the customer"),
        "pending_department": N_("Pending a department"),
        "resolved": N_("Resolved"),
        "closed": N_("Closed"),
    },
    "priority": {"low": N_("Low"), "normal": N_("Normal"), "high": N_("High"), "urgent": N_("Urgent")},
    "sla_state": {
        "on_track": N_("On track"),
        "warning": N_("Warning"),
        "breached": N_("Breached"),
        "paused": N_("Paused"),
        "met": N_("Met"),
        "missed": N_("Missed"),
    },
    "sla_target": {"first_response": N_("First response"), "resolution": N_("Resolution")},
    "note_kind": {"note": N_("Note"), "action": N_("Action taken"), "contact": N_("Contact with the customer")},
    "relation": {"raised": N_("Raised the case"), "touched": N_("Followed up")},
}


def msgid_of(kind: str, code: object) -> str | None:
    """The msgid naming `code` of `kind`, or None when the code has no label."""
    if code is None:
        return None
    return LABELS.get(kind, {}).get(str(code))
