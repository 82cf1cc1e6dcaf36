"""What every use case receives: how to open a unit of work, the clock and the password hasher."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from carecenter.app.acd.forwarding import AcdInbox
from carecenter.app.acd.service import Acd
from carecenter.app.live.wallboard import LiveWallboard
from carecenter.app.ports import Clock, PasswordHasher, UnitOfWork
from carecenter.app.ports.imports import TabularReader
from carecenter.app.ports.users import User
from carecenter.domain.access.permissions import Actor
from carecenter.domain.errors import Conflict


@dataclass(frozen=True)
class AppContext:
    uow: Callable[[], UnitOfWork]
    # A unit of work that only reads (pages, live streams, authentication): it never waits for a writer
    # and cannot commit. Use it wherever nothing is written, so readers do not queue behind routing.
    read: Callable[[], UnitOfWork]
    clock: Clock
    hasher: PasswordHasher
    session_hours: int = 12
    demo: bool = False
    readers: TabularReader | None = None  # spreadsheet exports, for the branch import
    acd: Acd | None = None  # the router of this process (None in processes that do not route)
    acd_inbox: AcdInbox | None = None  # where routing steps go when the router runs in another process
    wallboard: LiveWallboard | None = None  # this process's live projection of today's ACD events


def acd_of(ctx: AppContext) -> Acd:
    if ctx.acd is None:
        raise Conflict("contact routing is not running in this process")
    return ctx.acd


def actor_of(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        role=user.role,
        tenant_id=user.tenant_id,
        region_code=user.region_code,
        all_regions=user.all_regions,
    )
