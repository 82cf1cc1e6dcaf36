"""Roles, permissions and the region scope of customer data."""

from __future__ import annotations

import pytest

from carecenter.domain.access.permissions import PERMISSIONS, ROLE_PERMISSIONS, Actor, Role, permissions_of
from carecenter.domain.errors import Forbidden


def test_every_role_has_only_known_permissions_and_admin_has_all() -> None:
    for role, granted in ROLE_PERMISSIONS.items():
        assert granted <= set(PERMISSIONS), role
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(PERMISSIONS)
    assert set(ROLE_PERMISSIONS) == set(Role)


def test_only_privileged_roles_see_sensitive_data_and_erase() -> None:
    sensitive = {r for r in Role if "customers.read_sensitive" in ROLE_PERMISSIONS[r]}
    assert sensitive == {Role.SUPERVISOR, Role.BACK_OFFICE, Role.ADMIN}
    assert {r for r in Role if "customers.erase" in ROLE_PERMISSIONS[r]} == {Role.ADMIN}
    assert {r for r in Role if "audit.read" in ROLE_PERMISSIONS[r]} == {Role.MANAGER, Role.ADMIN}


def test_require_refuses_missing_permissions_and_rejects_unknown_ones() -> None:
    qa = Actor(1, "qa", Role.QA)
    qa.require("customers.read")
    with pytest.raises(Forbidden):
        qa.require("customers.write")
    with pytest.raises(ValueError):
        qa.require("customers.fly")


def test_company_wide_roles_see_every_region() -> None:
    agent = Actor(1, "a", Role.AGENT, region_code="MN")
    assert agent.region_scope() is None
    agent.require_customer(7, "MB")


def test_back_office_sees_its_region_offered_customers_or_everything_when_granted() -> None:
    back_office = Actor(2, "b", Role.BACK_OFFICE, region_code="MN")
    assert back_office.region_scope() == "MN"
    back_office.require_customer(7, "MN")
    with pytest.raises(Forbidden):
        back_office.require_customer(8, "MB")
    with pytest.raises(Forbidden):
        back_office.require_customer(9, None)
    Actor(2, "b", Role.BACK_OFFICE, region_code="MN", offered_customer_ids=frozenset({8})).require_customer(8, "MB")
    everywhere = Actor(3, "c", Role.BACK_OFFICE, all_regions=True)
    assert everywhere.region_scope() is None
    everywhere.require_customer(8, "MB")


def test_a_back_office_user_without_a_region_sees_nothing_regional() -> None:
    lost = Actor(4, "d", Role.BACK_OFFICE)
    assert lost.region_scope() == ""
    with pytest.raises(Forbidden):
        lost.require_customer(1, "MN")


def test_permissions_of_several_roles_is_the_union() -> None:
    assert permissions_of([Role.QA, Role.BACK_OFFICE]) == ROLE_PERMISSIONS[Role.QA] | ROLE_PERMISSIONS[Role.BACK_OFFICE]
