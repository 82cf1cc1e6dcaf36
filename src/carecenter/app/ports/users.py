"""Users, teams, departments, login sessions, API tokens and the read audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Protocol

from carecenter.domain.access.permissions import Role


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role
    region_code: str | None
    all_regions: bool
    locale: str
    active: bool
    team_id: int | None = None
    department_id: int | None = None
    tenant_id: int = 1


@dataclass(frozen=True)
class NewUser:
    username: str
    display_name: str
    password_hash: str
    role: Role
    region_code: str | None = None
    all_regions: bool = False
    locale: str = "en"
    team_id: int | None = None
    department_id: int | None = None


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    department_id: int | None


@dataclass(frozen=True)
class Department:
    id: int
    name: str
    region_code: str | None


class LiveToken(NamedTuple):
    token_id: int
    user_id: int
    last_used_at: datetime | None


@dataclass(frozen=True)
class SessionRecord:
    user_id: int
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class ApiToken:
    id: int
    user_id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class AuditEntry:
    user_id: int
    username: str
    customer_id: int
    screen: str
    at: datetime


class UserRepository(Protocol):
    def get(self, user_id: int) -> User: ...

    def by_username(self, username: str) -> tuple[User, str] | None:
        """The user and their password hash, or None."""
        ...

    def add(self, user: NewUser, at: datetime) -> int:
        """Conflict when the username is taken."""
        ...

    def update(self, user: User) -> None: ...

    def set_password_hash(self, user_id: int, password_hash: str) -> None: ...

    def all(self) -> list[User]: ...

    def teams(self) -> list[Team]: ...

    def add_team(self, name: str, department_id: int | None) -> int: ...

    def departments(self) -> list[Department]: ...

    def add_department(self, name: str, region_code: str | None) -> int: ...


class AuthRepository(Protocol):
    def add_session(
        self, token_hash: str, user_id: int, csrf_token: str, at: datetime, expires_at: datetime
    ) -> None: ...

    def session(self, token_hash: str, at: datetime) -> SessionRecord | None:
        """A live (unexpired, unrevoked) session, or None."""
        ...

    def revoke_session(self, token_hash: str, at: datetime) -> None: ...

    def revoke_sessions_of(self, user_id: int, at: datetime) -> int: ...

    def add_token(self, user_id: int, name: str, token_hash: str, at: datetime) -> int: ...

    def live_token(self, token_hash: str) -> LiveToken | None:
        """The unrevoked token with this hash, or None."""
        ...

    def touch_token(self, token_id: int, at: datetime) -> None:
        """Record that the token was used at `at`."""
        ...

    def tokens_of(self, user_id: int) -> list[ApiToken]: ...

    def revoke_token(self, token_id: int, user_id: int | None, at: datetime) -> bool: ...

    def count_failures(self, username: str, client: str, since: datetime) -> int: ...

    def add_failure(self, username: str, client: str, at: datetime) -> None: ...

    def clear_failures(self, username: str) -> None: ...


class AuditRepository(Protocol):
    def record_read(self, user_id: int, customer_id: int, screen: str, at: datetime) -> None: ...

    def reads(self, customer_id: int | None, user_id: int | None, limit: int = 200) -> list[AuditEntry]: ...
