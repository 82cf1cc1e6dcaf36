"""Logging in and out, session and API-token authentication, with login rate limiting.

Session cookies and API tokens are random 256-bit secrets; only their SHA-256 is stored, so a copy of
the database does not let anyone log in, and revoking a row logs the holder out at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from carecenter.app.context import AppContext, actor_of
from carecenter.app.ports.users import ApiToken, User
from carecenter.domain.access.permissions import Actor
from carecenter.domain.errors import FieldProblem, InvalidInput, TooManyAttempts, Unauthenticated
from carecenter.domain.events import event

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
TOKEN_TOUCH_EVERY = timedelta(minutes=1)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class LoggedIn:
    session_secret: str
    csrf_token: str
    user: User


@dataclass(frozen=True)
class Authenticated:
    user: User
    actor: Actor
    csrf_token: str | None  # None for API tokens: they are not sent automatically, so no CSRF


def login(ctx: AppContext, username: str, password: str, client: str) -> LoggedIn:
    """Open a session for valid credentials.

    After MAX_FAILURES wrong passwords for one username within FAILURE_WINDOW, refuse further tries
    (TooManyAttempts) until the window passes, whatever the password: this stops guessing without
    letting an attacker tell existing from unknown usernames.
    """
    username = username.strip()
    if not username or not password:
        raise InvalidInput(FieldProblem("username" if not username else "password", "required"))
    with ctx.uow() as uow:
        now = ctx.clock.now()
        failures = uow.auth.count_failures(username, client, now - FAILURE_WINDOW)
        if failures >= MAX_FAILURES:
            raise TooManyAttempts(
                "too many failed logins; try again in 15 minutes", int(FAILURE_WINDOW.total_seconds())
            )
        found = uow.users.by_username(username)
        ok = found is not None and found[0].active and ctx.hasher.verify(found[1], password)
        if not ok or found is None:
            uow.auth.add_failure(username, client, now)
            uow.commit()
            raise Unauthenticated("wrong username or password")
        user, hashed = found
        if ctx.hasher.needs_rehash(hashed):
            uow.users.set_password_hash(user.id, ctx.hasher.hash(password))
        uow.auth.clear_failures(username)
        secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        uow.auth.add_session(token_hash(secret), user.id, csrf, now, now + timedelta(hours=ctx.session_hours))
        uow.events.append(event("UserLoggedIn", "user", user.id, client=client), user.id, now)
        uow.commit()
    return LoggedIn(secret, csrf, user)


def logout(ctx: AppContext, session_secret: str) -> None:
    with ctx.uow() as uow:
        uow.auth.revoke_session(token_hash(session_secret), ctx.clock.now())
        uow.commit()


def authenticate_session(ctx: AppContext, session_secret: str) -> Authenticated:
    with ctx.read() as uow:
        record = uow.auth.session(token_hash(session_secret), ctx.clock.now())
        if record is None:
            raise Unauthenticated("your session has ended; please log in again")
        user = uow.users.get(record.user_id)
    if not user.active:
        raise Unauthenticated("this account is disabled")
    return Authenticated(user, actor_of(user), record.csrf_token)


def authenticate_token(ctx: AppContext, secret: str) -> Authenticated:
    """The token's owner. `last_used_at` is kept to the minute: writing it on every request would make
    each API call a write transaction, queueing every reader behind the one SQLite writer."""
    with ctx.read() as uow:
        token = uow.auth.live_token(token_hash(secret))
        if token is None:
            raise Unauthenticated("unknown or revoked API token")
        user = uow.users.get(token.user_id)
    now = ctx.clock.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_TOUCH_EVERY:
        with ctx.uow() as uow:
            uow.auth.touch_token(token.token_id, now)
            uow.commit()
    if not user.active:
        raise Unauthenticated("this account is disabled")
    return Authenticated(user, actor_of(user), None)


def create_api_token(ctx: AppContext, actor: Actor, name: str) -> tuple[int, str]:
    """A new API token for the actor; the secret is returned once and never stored."""
    name = name.strip()
    if not name or len(name) > 200:
        raise InvalidInput(FieldProblem("name", "give the token a name of 1–200 characters"))
    secret = "cc_" + secrets.token_urlsafe(32)
    with ctx.uow() as uow:
        now = ctx.clock.now()
        token_id = uow.auth.add_token(actor.user_id, name, token_hash(secret), now)
        uow.events.append(
            event("ApiTokenCreated", "user", actor.user_id, token_id=token_id, name=name), actor.user_id, now
        )
        uow.commit()
    return token_id, secret


def list_api_tokens(ctx: AppContext, actor: Actor) -> list[ApiToken]:
    with ctx.uow() as uow:
        return uow.auth.tokens_of(actor.user_id)


def revoke_api_token(ctx: AppContext, actor: Actor, token_id: int) -> None:
    """Revoke one of the actor's tokens (admins may revoke anyone's)."""
    from carecenter.domain.errors import NotFound

    with ctx.uow() as uow:
        now = ctx.clock.now()
        owner = None if actor.can("users.admin") else actor.user_id
        if not uow.auth.revoke_token(token_id, owner, now):
            raise NotFound(f"no live API token {token_id} of yours")
        uow.events.append(event("ApiTokenRevoked", "user", actor.user_id, token_id=token_id), actor.user_id, now)
        uow.commit()
