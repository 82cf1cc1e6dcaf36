"""REST: service accounts (suspend/restore/change package), bills, catalogue."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

import msgspec
from litestar import Request, get, post, put
from litestar.params import FromPath, JSONBody

from carecenter.app.commands.catalogue import add_promotion, save_product
from carecenter.app.commands.services import change_service
from carecenter.app.ports.services import Product, Promotion
from carecenter.app.queries.catalogue import list_products, list_promotions, list_regions
from carecenter.app.queries.customer360 import customer_360, service_history
from carecenter.domain.errors import FieldProblem, InvalidInput
from carecenter.web.access import Ctx, current, rule
from carecenter.web.api import serialise


class ProductIn(msgspec.Struct):
    code: str
    name: str
    service_kind: str
    monthly_fee_vnd: int
    active: bool = True


class PromotionIn(msgspec.Struct):
    code: str
    name: str
    discount_percent: int
    valid_from: date
    valid_to: date
    product_code: str | None = None


class ServiceActionIn(msgspec.Struct):
    action: str  # suspend | restore | change_package
    version: int
    reason: str = ""
    product_code: str | None = None


@get(
    "/api/v1/customers/{customer_id:int}/services",
    opt=rule("customers.read", reads_customer=True),
    sync_to_thread=True,
)
def services_of(request: Request[Any, Any, Any], ctx: Ctx, customer_id: FromPath[int]) -> dict[str, Any]:
    view = customer_360(ctx, current(request).actor, customer_id, screen=f"GET {request.url.path}")
    return {"services": [serialise.service(s, v) for s, v in view.services]}


@get(
    "/api/v1/customers/{customer_id:int}/bills",
    opt=rule("customers.read", reads_customer=True),
    sync_to_thread=True,
)
def bills_of(request: Request[Any, Any, Any], ctx: Ctx, customer_id: FromPath[int]) -> dict[str, Any]:
    view = customer_360(ctx, current(request).actor, customer_id, screen=f"GET {request.url.path}")
    return {"bills": [serialise.bill(b) for b in view.bills], "arrears_vnd": view.arrears_vnd}


@post(
    "/api/v1/services/{service_id:int}/actions",
    opt=rule("services.change"),
    sync_to_thread=True,
    status_code=200,
)
def act_on_service(
    request: Request[Any, Any, Any], ctx: Ctx, service_id: FromPath[int], data: JSONBody[ServiceActionIn]
) -> dict[str, Any]:
    """Suspend, restore or change the package; `version` is the service's version you saw (409 if stale)."""
    service, version = change_service(
        ctx, current(request).actor, service_id, data.action, data.version, data.reason, data.product_code
    )
    return serialise.service(service, version)


@get("/api/v1/services/{service_id:int}/changes", opt=rule("customers.read"), sync_to_thread=True)
def changes_of(request: Request[Any, Any, Any], ctx: Ctx, service_id: FromPath[int]) -> dict[str, Any]:
    changes = service_history(ctx, current(request).actor, service_id)
    return {
        "changes": [
            {
                "action": c.action,
                "from": c.from_value,
                "to": c.to_value,
                "reason": c.reason,
                "actor_id": c.actor_id,
                "at": c.at.isoformat(),
            }
            for c in changes
        ]
    }


@get("/api/v1/products", opt=rule("customers.read"), sync_to_thread=True)
def products(ctx: Ctx) -> dict[str, Any]:
    return {"products": [asdict(p) for p in list_products(ctx)]}


@get("/api/v1/promotions", opt=rule("customers.read"), sync_to_thread=True)
def promotions(ctx: Ctx) -> dict[str, Any]:
    return {
        "promotions": [
            {**asdict(p), "valid_from": p.valid_from.isoformat(), "valid_to": p.valid_to.isoformat()}
            for p in list_promotions(ctx)
        ]
    }


@get("/api/v1/regions", opt=rule("customers.read"), sync_to_thread=True)
def regions(ctx: Ctx) -> dict[str, Any]:
    """Regions and their branches (one shared customer database across all of them)."""
    return {
        "regions": [
            {"code": r.code, "name": r.name, "branches": [{"code": c, "name": n} for c, n in r.branches]}
            for r in list_regions(ctx)
        ]
    }


@put("/api/v1/products/{code:str}", opt=rule("catalogue.admin"), sync_to_thread=True)
def put_product(
    request: Request[Any, Any, Any], ctx: Ctx, code: FromPath[str], data: JSONBody[ProductIn]
) -> dict[str, Any]:
    """Create or change the package `code` (the body's code must match)."""
    if data.code != code:
        raise InvalidInput(FieldProblem("code", f"body code {data.code!r} differs from the URL's {code!r}"))
    product = Product(data.code, data.name, data.service_kind, data.monthly_fee_vnd, data.active)
    return asdict(save_product(ctx, current(request).actor, product))


@post("/api/v1/promotions", opt=rule("catalogue.admin"), sync_to_thread=True)
def post_promotion(request: Request[Any, Any, Any], ctx: Ctx, data: JSONBody[PromotionIn]) -> dict[str, Any]:
    promotion = Promotion(
        data.code, data.name, data.product_code, data.discount_percent, data.valid_from, data.valid_to
    )
    saved = add_promotion(ctx, current(request).actor, promotion)
    return {**asdict(saved), "valid_from": saved.valid_from.isoformat(), "valid_to": saved.valid_to.isoformat()}


ROUTES = [put_product, post_promotion, regions, services_of, bills_of, act_on_service, changes_of, products, promotions]
