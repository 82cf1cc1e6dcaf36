"""UserRepository, AuthRepository (sessions, API tokens, login failures) and AuditRepository."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update

from carecenter.adapters.db.repos.base import Repository
from carecenter.adapters.db.tables import (
    api_tokens,
    departments,
    login_failures,
    read_audit,
    teams,
    users,
    web_sessions,
)
from carecenter.app.ports.users import (
    ApiToken,
    AuditEntry,
    Department,
    LiveToken,
    NewUser,
    SessionRecord,
    Team,
    User,
)
from carecenter.domain.access.permissions import Role
from carecenter.domain.errors import Conflict, NotFound


def _user(r: Any) -> User:
    return User(
        id=r.id,
        username=r.username,
        display_name=r.display_name,
        role=Role(r.role),
        region_code=r.region_code,
        all_regions=r.all_regions,
        locale=r.locale,
        active=r.active,
        team_id=r.team_id,
        department_id=r.department_id,
        tenant_id=r.tenant_id,
    )


# Built once: both run on every authenticated request.
_GET_USER = select(users).where(users.c.id == bindparam("id"), users.c.tenant_id == bindparam("tenant"))
_LIVE_TOKEN = select(api_tokens.c.id, api_tokens.c.user_id, api_tokens.c.last_used_at).where(
    api_tokens.c.token_hash == bindparam("token_hash"), api_tokens.c.revoked_at.is_(None)
)


class SqlUserRepository(Repository):
    def get(self, user_id: int) -> User:
        row = self.db.execute(_GET_USER, {"id": user_id, "tenant": self.tenant_id}).first()
        if row is None:
            raise NotFound(f"user {user_id} does not exist")
        return _user(row)

    def by_username(self, username: str) -> tuple[User, str] | None:
        row = self.db.execute(
            select(users).where(users.c.tenant_id == self.tenant_id, users.c.username == username)
        ).first()
        return (_user(row), row.password_hash) if row else None

    def add(self, user: NewUser, at: datetime) -> int:
        if self.by_username(user.username):
            raise Conflict(f"username {user.username!r} is already taken")
        return int(
            self.db.execute(
                insert(users)
                .values(
                    tenant_id=self.tenant_id,
                    username=user.username,
                    display_name=user.display_name,
                    password_hash=user.password_hash,
                    role=user.role.value,
                    region_code=user.region_code,
                    all_regions=user.all_regions,
                    locale=user.locale,
                    team_id=user.team_id,
                    department_id=user.department_id,
                    active=True,
                    created_at=at,
                )
                .returning(users.c.id)
            ).scalar_one()
        )

    def update(self, user: User) -> None:
        self.db.execute(
            update(users)
            .where(users.c.id == user.id, users.c.tenant_id == self.tenant_id)
            .values(
                display_name=user.display_name,
                role=user.role.value,
                region_code=user.region_code,
                all_regions=user.all_regions,
                locale=user.locale,
                active=user.active,
                team_id=user.team_id,
                department_id=user.department_id,
            )
        )

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self.db.execute(
            update(users)
            .where(users.c.id == user_id, users.c.tenant_id == self.tenant_id)
            .values(password_hash=password_hash)
        )

    def all(self) -> list[User]:
        rows = self.db.execute(select(users).where(users.c.tenant_id == self.tenant_id).order_by(users.c.username))
        return [_user(r) for r in rows]

    def teams(self) -> list[Team]:
        rows = self.db.execute(select(teams).where(teams.c.tenant_id == self.tenant_id).order_by(teams.c.name))
        return [Team(r.id, r.name, r.department_id) for r in rows]

    def add_team(self, name: str, department_id: int | None) -> int:
        if self.db.execute(select(teams.c.id).where(teams.c.tenant_id == self.tenant_id, teams.c.name == name)).first():
            raise Conflict(f"team {name!r} already exists")
        return int(
            self.db.execute(
                insert(teams)
                .values(tenant_id=self.tenant_id, name=name, department_id=department_id)
                .returning(teams.c.id)
            ).scalar_one()
        )

    def departments(self) -> list[Department]:
        rows = self.db.execute(
            select(departments).where(departments.c.tenant_id == self.tenant_id).order_by(departments.c.name)
        )
        return [Department(r.id, r.name, r.region_code) for r in rows]

    def add_department(self, name: str, region_code: str | None) -> int:
        if self.db.execute(
            select(departments.c.id).where(departments.c.tenant_id == self.tenant_id, departments.c.name == name)
        ).first():
            raise Conflict(f"department {name!r} already exists")
        return int(
            self.db.execute(
                insert(departments)
                .values(tenant_id=self.tenant_id, name=name, region_code=region_code)
                .returning(departments.c.id)
            ).scalar_one()
        )


class SqlAuthRepository(Repository):
    def add_session(self, token_hash: str, user_id: int, csrf_token: str, at: datetime, expires_at: datetime) -> None:
        self.db.execute(
            insert(web_sessions).values(
                token_hash=token_hash,
                tenant_id=self.tenant_id,
                user_id=user_id,
                csrf_token=csrf_token,
                created_at=at,
                expires_at=expires_at,
            )
        )

    def session(self, token_hash: str, at: datetime) -> SessionRecord | None:
        row = self.db.execute(
            select(web_sessions).where(
                web_sessions.c.token_hash == token_hash,
                web_sessions.c.revoked_at.is_(None),
                web_sessions.c.expires_at > at,
            )
        ).first()
        return SessionRecord(row.user_id, row.csrf_token, row.expires_at) if row else None

    def revoke_session(self, token_hash: str, at: datetime) -> None:
        self.db.execute(update(web_sessions).where(web_sessions.c.token_hash == token_hash).values(revoked_at=at))

    def revoke_sessions_of(self, user_id: int, at: datetime) -> int:
        return int(
            self.db.execute(
                update(web_sessions)
                .where(web_sessions.c.user_id == user_id, web_sessions.c.revoked_at.is_(None))
                .values(revoked_at=at)
            ).rowcount
        )

    def add_token(self, user_id: int, name: str, token_hash: str, at: datetime) -> int:
        return int(
            self.db.execute(
                insert(api_tokens)
                .values(
                    tenant_id=self.tenant_id,
                    user_id=user_id,
                    name=name,
                    token_hash=token_hash,
                    created_at=at,
                )
                .returning(api_tokens.c.id)
            ).scalar_one()
        )

    def live_token(self, token_hash: str) -> LiveToken | None:
        row = self.db.execute(_LIVE_TOKEN, {"token_hash": token_hash}).first()
        return LiveToken(row.id, row.user_id, row.last_used_at) if row is not None else None

    def touch_token(self, token_id: int, at: datetime) -> None:
        self.db.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=at))

    def tokens_of(self, user_id: int) -> list[ApiToken]:
        rows = self.db.execute(select(api_tokens).where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.id))
        return [ApiToken(r.id, r.user_id, r.name, r.created_at, r.last_used_at, r.revoked_at) for r in rows]

    def revoke_token(self, token_id: int, user_id: int | None, at: datetime) -> bool:
        query = update(api_tokens).where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
        if user_id is not None:
            query = query.where(api_tokens.c.user_id == user_id)
        return bool(self.db.execute(query.values(revoked_at=at)).rowcount)

    def count_failures(self, username: str, client: str, since: datetime) -> int:
        return int(
            self.db.execute(
                select(func.count())
                .select_from(login_failures)
                .where(
                    login_failures.c.tenant_id == self.tenant_id,
                    login_failures.c.username == username,
                    login_failures.c.at >= since,
                )
            ).scalar_one()
        )

    def add_failure(self, username: str, client: str, at: datetime) -> None:
        self.db.execute(
            insert(login_failures).values(tenant_id=self.tenant_id, username=username, client=client[:64], at=at)
        )

    def clear_failures(self, username: str) -> None:
        self.db.execute(
            delete(login_failures).where(
                login_failures.c.tenant_id == self.tenant_id, login_failures.c.username == username
            )
        )


_RECORD_READ = insert(read_audit)  # every 360 view writes one; built once


class SqlAuditRepository(Repository):
    def record_read(self, user_id: int, customer_id: int, screen: str, at: datetime) -> None:
        self.db.execute(
            _RECORD_READ,
            {
                "tenant_id": self.tenant_id,
                "user_id": user_id,
                "customer_id": customer_id,
                "screen": screen[:200],
                "at": at,
            },
        )

    def reads(self, customer_id: int | None, user_id: int | None, limit: int = 200) -> list[AuditEntry]:
        query = (
            select(read_audit, users.c.username)
            .join(users, users.c.id == read_audit.c.user_id)
            .where(read_audit.c.tenant_id == self.tenant_id)
            .order_by(read_audit.c.at.desc(), read_audit.c.id.desc())
            .limit(limit)
        )
        if customer_id is not None:
            query = query.where(read_audit.c.customer_id == customer_id)
        if user_id is not None:
            query = query.where(read_audit.c.user_id == user_id)
        return [AuditEntry(r.user_id, r.username, r.customer_id, r.screen, r.at) for r in self.db.execute(query)]
