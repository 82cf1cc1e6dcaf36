"""The shared MetaData (with constraint naming conventions) and the tenant column every table has."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, text

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def tenant_column() -> Column[int]:
    """`tenant_id` is on every table from day one, so distributing by tenant needs no schema change."""
    return Column("tenant_id", Integer, nullable=False, server_default=text("1"))
