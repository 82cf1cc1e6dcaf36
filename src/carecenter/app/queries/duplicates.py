"""Customers that are probably the same person: the review list, and the check after an import."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from carecenter.app.context import AppContext
from carecenter.app.ports import UnitOfWork
from carecenter.app.ports.imports import CustomerProfile
from carecenter.domain.access.permissions import Actor
from carecenter.domain.customers.duplicates import DuplicatePair, MatchProfile, find_duplicates
from carecenter.domain.customers.identities import mask
from carecenter.domain.customers.model import IdentityKind
from carecenter.domain.errors import FieldProblem, InvalidInput


@dataclass(frozen=True)
class DuplicateCandidate:
    pair: DuplicatePair
    left: CustomerProfile
    right: CustomerProfile


def match_profile(profile: CustomerProfile) -> MatchProfile:
    address = " ".join(part for part in (profile.address_line, profile.ward_name or "") if part)
    return MatchProfile(
        id=profile.id,
        name=profile.name,
        phones=frozenset(profile.phones),
        national_ids=frozenset(profile.national_ids),
        tax_codes=frozenset(profile.tax_codes),
        address=address,
        province=profile.province_code or profile.province_name,
    )


def pairs_involving(uow: UnitOfWork, customer_ids: Collection[int]) -> list[DuplicatePair]:
    """Candidate pairs with at least one side in `customer_ids` (in the caller's transaction)."""
    if not customer_ids:
        return []
    return find_duplicates([match_profile(p) for p in uow.imports.profiles()], among=customer_ids)


def _masked(profile: CustomerProfile) -> CustomerProfile:
    return replace(
        profile,
        national_ids=tuple(mask(IdentityKind.NATIONAL_ID, v) for v in profile.national_ids),
        tax_codes=tuple(mask(IdentityKind.TAX_CODE, v) for v in profile.tax_codes),
        address_line="•••",
    )


def duplicate_candidates(
    ctx: AppContext, actor: Actor, limit: int = 100, screen: str = "duplicates"
) -> tuple[list[DuplicateCandidate], int]:
    """The `limit` most likely duplicate pairs among all live customers, and how many pairs there are.

    Both sides are shown in full to reviewers with `customers.read_sensitive` (masked otherwise), and
    each shown customer gets a read-audit entry.
    """
    actor.require("customers.merge")
    if not 1 <= limit <= 1000:
        raise InvalidInput(FieldProblem("limit", "must be between 1 and 1000"))
    with ctx.uow() as uow:
        profiles = {p.id: p for p in uow.imports.profiles()}
        pairs = find_duplicates([match_profile(p) for p in profiles.values()])
        shown = pairs[:limit]
        masked = not actor.can("customers.read_sensitive")
        now = ctx.clock.now()
        for customer_id in sorted({i for p in shown for i in (p.left_id, p.right_id)}):
            uow.audit.record_read(actor.user_id, customer_id, screen, now)
        uow.commit()

    def side(customer_id: int) -> CustomerProfile:
        return _masked(profiles[customer_id]) if masked else profiles[customer_id]

    return [DuplicateCandidate(p, side(p.left_id), side(p.right_id)) for p in shown], len(pairs)
