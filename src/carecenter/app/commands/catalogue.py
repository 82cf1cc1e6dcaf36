"""Keeping the package catalogue and promotions that agents offer and services refer to."""

from __future__ import annotations

from datetime import date

from carecenter.app.context import AppContext
from carecenter.app.ports.services import Product, Promotion
from carecenter.domain.access.permissions import Actor
from carecenter.domain.customers.model import ServiceKind
from carecenter.domain.errors import ProblemCollector
from carecenter.domain.events import event


def save_product(ctx: AppContext, actor: Actor, product: Product) -> Product:
    """Create a package, or change the name/fee/active flag of the one with the same code."""
    actor.require("catalogue.admin")
    problems = ProblemCollector()
    if not product.code.strip() or len(product.code) > 64:
        problems.add("code", "1–64 characters")
    if not product.name.strip():
        problems.add("name", "required")
    if product.service_kind not in {k.value for k in ServiceKind}:
        problems.add("service_kind", f"must be one of {', '.join(k.value for k in ServiceKind)}")
    if product.monthly_fee_vnd < 0:
        problems.add("monthly_fee_vnd", "must not be negative")
    problems.raise_if_any()
    with ctx.uow() as uow:
        created = uow.catalogue.save_product(product)
        kind = "ProductCreated" if created else "ProductChanged"
        uow.events.append(
            event(kind, "product", product.code, fee=product.monthly_fee_vnd, active=product.active),
            actor.user_id,
            ctx.clock.now(),
        )
        uow.commit()
    return product


def add_promotion(ctx: AppContext, actor: Actor, promotion: Promotion) -> Promotion:
    actor.require("catalogue.admin")
    problems = ProblemCollector()
    if not promotion.code.strip():
        problems.add("code", "required")
    if not 0 < promotion.discount_percent <= 100:
        problems.add("discount_percent", "must be between 1 and 100")
    if promotion.valid_to < promotion.valid_from:
        problems.add("valid_to", "ends before it starts")
    problems.raise_if_any()
    with ctx.uow() as uow:
        if promotion.product_code is not None and uow.catalogue.product(promotion.product_code) is None:
            problems.add("product_code", f"no package {promotion.product_code!r}")
            problems.raise_if_any()
        uow.catalogue.add_promotion(promotion)
        uow.events.append(
            event("PromotionCreated", "promotion", promotion.code, product_code=promotion.product_code),
            actor.user_id,
            ctx.clock.now(),
        )
        uow.commit()
    return promotion


def promotions_on(ctx: AppContext, day: date) -> list[Promotion]:
    with ctx.uow() as uow:
        return uow.catalogue.promotions(day)
