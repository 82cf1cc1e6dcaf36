"""Demo mode's well-known logins: created once, each with what the demo's walk-through needs."""

from __future__ import annotations

from dataclasses import replace

from carecenter.app.commands.demo import DEMO_DEPARTMENT, demo_logins, ensure_demo_users
from carecenter.bootstrap import Container
from tests.factories import rows


def test_demo_users_are_created_once_and_back_office_has_a_department(container: Container) -> None:
    ctx = replace(container.context, demo=True)
    assert ensure_demo_users(ctx) == len(demo_logins())
    assert ensure_demo_users(ctx) == 0  # a restarted demo creates nobody twice
    department = [d for d in rows(container.engine, "departments") if d["name"] == DEMO_DEPARTMENT[0]]
    assert len(department) == 1
    backoffice = rows(container.engine, "users", username="backoffice1")[0]
    assert backoffice["department_id"] == department[0]["id"]  # their case work queue is that department's
    assert rows(container.engine, "users", username="agent1")[0]["department_id"] is None
