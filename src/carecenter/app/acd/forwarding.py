"""Routing steps from processes that do not run the router.

Exactly one process routes a tenant. With several `serve` workers the others hand each routing step
(`@acd_step` commands: accept, wrap up, a new contact…) to it through the `AcdInbox` port — a durable
queue in the database — and wait for the outcome, which comes back as the same return value or the
same DomainError. In the routing process the command simply runs.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

from carecenter.domain.access.permissions import Actor, Role
from carecenter.domain.errors import (
    Conflict,
    DomainError,
    FieldProblem,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthenticated,
)

F = TypeVar("F", bound=Callable[..., Any])
REGISTRY: dict[str, Callable[..., Any]] = {}
RESULT_TYPES: dict[str, type[Any]] = {}


class AcdInbox(Protocol):
    def call(self, command: str, args: dict[str, Any]) -> tuple[bool, Any]:
        """Queue `command` for the routing process and wait; (True, result) or (False, error payload).

        Raises Conflict when no routing process answers in time.
        """
        ...


def acd_step(result: type[Any] | None = None) -> Callable[[F], F]:
    """Mark a command `f(ctx, actor, ...)` as a routing step: it runs where the router is."""

    def mark(fn: F) -> F:
        name = fn.__name__
        REGISTRY[name] = fn
        if result is not None:
            RESULT_TYPES[name] = result
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def run(ctx: Any, actor: Actor, *args: Any, **kwargs: Any) -> Any:
            if ctx.acd is not None or ctx.acd_inbox is None:
                return fn(ctx, actor, *args, **kwargs)
            bound = signature.bind(ctx, actor, *args, **kwargs).arguments
            bound.pop("ctx"), bound.pop("actor")
            who = {**dataclasses.asdict(actor), "offered_customer_ids": sorted(actor.offered_customer_ids)}
            ok, payload = ctx.acd_inbox.call(name, {"actor": who, "args": bound})
            if not ok:
                raise error_from(payload)
            kind = RESULT_TYPES.get(name)
            return kind(**payload) if kind is not None and payload is not None else payload

        return cast(F, run)

    return mark


def execute(ctx: Any, command: str, message: dict[str, Any], step_id: int) -> tuple[bool, Any]:
    """Run forwarded step `step_id` here, in the routing process: (True, result) or (False, error payload).

    The step's transaction also marks it taken (`RoutingRepository.take_step`); a step withdrawn by its
    caller (it stopped waiting) is refused instead, so nothing happens that nobody was told about.
    """
    fn = REGISTRY.get(command)
    if fn is None:
        return False, {"kind": "Conflict", "detail": f"unknown routing step {command!r}"}
    raw = dict(message["actor"])
    raw["role"] = Role(raw["role"])
    raw["offered_customer_ids"] = frozenset(raw.get("offered_customer_ids") or ())

    taken: list[bool] = []

    def mark(uow: Any) -> None:
        # A command may route in several transactions (log in, then ready): the first one takes the step.
        if taken:
            return
        if not uow.routing.take_step(step_id, ctx.clock.now()):
            raise Conflict("the step was withdrawn before routing took it")
        taken.append(True)  # (if that transaction rolls back, the step is still pending: retried later)

    ctx.acd.step_mark = mark
    try:
        value = fn(ctx, Actor(**raw), **message["args"])
    except DomainError as error:
        return False, error_payload(error)
    finally:
        ctx.acd.step_mark = None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return True, dataclasses.asdict(value)
    return True, value


def error_payload(error: DomainError) -> dict[str, Any]:
    payload: dict[str, Any] = {"kind": type(error).__name__, "detail": error.detail}
    if isinstance(error, InvalidInput):
        payload["problems"] = [[p.field, p.reason] for p in error.problems]
    return payload


def error_from(payload: dict[str, Any]) -> DomainError:
    kind, detail = payload.get("kind"), str(payload.get("detail", ""))
    if kind == "InvalidInput":
        return InvalidInput([FieldProblem(f, r) for f, r in payload.get("problems", [])], detail)
    simple: dict[str, type[DomainError]] = {
        "NotFound": NotFound,
        "Forbidden": Forbidden,
        "Unauthenticated": Unauthenticated,
        "Conflict": Conflict,
    }
    return simple.get(str(kind), Conflict)(detail)
