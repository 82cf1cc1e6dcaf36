"""Shared by every repository: the connection of the current unit of work and the tenant."""

from __future__ import annotations

from sqlalchemy import Connection


class Repository:
    def __init__(self, connection: Connection, tenant_id: int) -> None:
        self.db = connection
        self.tenant_id = tenant_id
