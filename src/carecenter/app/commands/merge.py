"""Merging two records of one customer (typically from two branches) into the one that is kept."""

from __future__ import annotations

from dataclasses import replace

from carecenter.app.access import require_customer_access
from carecenter.app.commands.customers import reindex
from carecenter.app.context import AppContext
from carecenter.domain.access.permissions import Actor
from carecenter.domain.customers.duplicates import fill_blanks, identities_to_move
from carecenter.domain.customers.model import Customer
from carecenter.domain.errors import Conflict, FieldProblem, InvalidInput
from carecenter.domain.events import event


def merge_customers(
    ctx: AppContext, actor: Actor, kept_id: int, merged_id: int, kept_version: int, merged_version: int
) -> Customer:
    """Fold customer `merged_id` into `kept_id` and return the kept customer.

    The kept customer gains every identity of the merged one it lacked, and everything that belonged
    to the merged one (premises, services, bills, payments, interactions …). The merged record stays,
    empty, with `merged_into_id` set, so old links say where the customer went; search and identify
    no longer find it. Compare-and-set on both versions: Conflict when either changed since the
    reviewer looked, or when either was already merged or erased; InvalidInput for a self-merge.
    """
    actor.require("customers.merge")
    if kept_id == merged_id:
        raise InvalidInput(FieldProblem("merged_id", "a customer cannot be merged with itself"))
    with ctx.uow() as uow:
        kept, merged = uow.customers.get(kept_id), uow.customers.get(merged_id)
        for customer in (kept, merged):
            require_customer_access(uow, actor, customer)
            if customer.merged_into_id is not None:
                raise Conflict(f"customer {customer.id} was already merged into customer {customer.merged_into_id}")
            if customer.is_erased:
                raise Conflict(f"customer {customer.id} was erased; an erased record cannot be merged")
        now = ctx.clock.now()
        uow.customers.update(replace(merged, merged_into_id=kept_id), merged_version, now)
        move, drop = identities_to_move(kept.identities, merged.identities)
        uow.merges.move_identities(move, kept_id)
        uow.merges.drop_identities(drop)
        moved = uow.merges.move_records(merged_id, kept_id)
        updated = uow.customers.update(fill_blanks(kept, merged), kept_version, now)
        uow.merges.record(kept_id, merged_id, actor.user_id, now)
        reindex(uow, kept_id)
        uow.merges.drop_search_document(merged_id)
        uow.events.append(
            event(
                "CustomersMerged",
                "customer",
                kept_id,
                merged_id=merged_id,
                identities_added=len(move),
                moved=moved,
                version=updated.version,
            ),
            actor.user_id,
            now,
        )
        uow.commit()
    return updated
