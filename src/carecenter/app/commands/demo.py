"""Demo mode's well-known logins (never created outside demo mode)."""

from __future__ import annotations

from datetime import datetime

from carecenter.app.context import AppContext
from carecenter.app.ports import UnitOfWork
from carecenter.app.ports.users import NewUser
from carecenter.domain.access.permissions import Role
from carecenter.domain.events import event

DEMO_PASSWORD = "demo"
# backoffice1 works in this department, so cases dispatched to it show on their work queue.
DEMO_DEPARTMENT = ("Hỗ trợ kỹ thuật miền Nam", "MN")


def demo_logins() -> list[tuple[str, Role, str | None]]:
    """(username, role, region) of every demo user, in the order they are printed."""
    people: list[tuple[str, Role, str | None]] = [
        ("admin", Role.ADMIN, None),
        ("supervisor", Role.SUPERVISOR, None),
    ]
    people += [(f"agent{n}", Role.AGENT, None) for n in range(1, 21)]
    people += [
        ("backoffice1", Role.BACK_OFFICE, "MN"),
        ("qa1", Role.QA, None),
        ("manager1", Role.MANAGER, None),
    ]
    return people


def ensure_demo_users(ctx: AppContext) -> int:
    """Create the demo users that do not exist yet; returns how many were created."""
    if not ctx.demo:
        raise RuntimeError("demo users are only created in demo mode")
    created = 0
    with ctx.uow() as uow:
        now = ctx.clock.now()
        hashed = ctx.hasher.hash(DEMO_PASSWORD)
        department_id = _demo_department(uow, now)
        for username, role, region in demo_logins():
            if uow.users.by_username(username):
                continue
            display = username.capitalize().replace("Backoffice", "Back office ")
            works_in = department_id if role is Role.BACK_OFFICE else None
            new = NewUser(username, display, hashed, role, region_code=region, department_id=works_in)
            user_id = uow.users.add(new, now)
            uow.events.append(event("UserCreated", "user", user_id, username=username, role=role.value), None, now)
            created += 1
        uow.commit()
    return created


def _demo_department(uow: UnitOfWork, now: datetime) -> int:
    name, region = DEMO_DEPARTMENT
    found = next((d.id for d in uow.users.departments() if d.name == name), None)
    if found is not None:
        return found
    department_id = uow.users.add_department(name, region)
    uow.events.append(event("DepartmentCreated", "department", department_id, name=name), None, now)
    return department_id
