"""The product/package catalogue and current promotions."""

from __future__ import annotations

from carecenter.app.context import AppContext
from carecenter.app.ports.services import Product, Promotion, Region


def list_products(ctx: AppContext) -> list[Product]:
    with ctx.read() as uow:
        return uow.catalogue.products()


def list_promotions(ctx: AppContext) -> list[Promotion]:
    with ctx.read() as uow:
        return uow.catalogue.promotions(ctx.clock.now().date())


def list_regions(ctx: AppContext) -> list[Region]:
    with ctx.read() as uow:
        return uow.catalogue.regions()
