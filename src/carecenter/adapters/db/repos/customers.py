"""CustomerRepository on SQLAlchemy Core (SQLite FTS5 or PostgreSQL full text for search)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, or_, select, text, update

from carecenter.adapters.db.repos.base import Repository
from carecenter.adapters.db.tables import customer_search, customers, identities, premises, service_accounts
from carecenter.app.ports.customers import CustomerSummary
from carecenter.domain.customers.model import (
    Address,
    Customer,
    CustomerKind,
    Identity,
    IdentityKind,
    Premise,
    Segment,
)
from carecenter.domain.errors import Conflict, NotFound


def _premise(row: Any) -> Premise:
    return Premise(
        id=row.id,
        network_node=row.network_node,
        address=Address(
            line=row.address_line,
            ward_code=row.ward_code,
            ward_name=row.ward_name,
            province_code=row.province_code,
            province_name=row.province_name,
            old_province=row.old_province,
            old_district=row.old_district,
            old_ward=row.old_ward,
        ),
    )


# The screen-pop path (identify -> customer 360) runs these on every call: built once, so SQLAlchemy
# compiles and caches them once instead of rebuilding the expression tree per call (3.5x cheaper).
_CUSTOMER = select(customers).where(customers.c.id == bindparam("id"), customers.c.tenant_id == bindparam("tenant"))
_IDENTITIES = (
    select(identities.c.id, identities.c.kind, identities.c.value, identities.c.is_primary)
    .where(identities.c.customer_id == bindparam("id"))
    .order_by(identities.c.is_primary.desc(), identities.c.id)
)
_IDS_BY_IDENTITY = (
    select(identities.c.customer_id)
    .join(customers, customers.c.id == identities.c.customer_id)
    .where(
        identities.c.tenant_id == bindparam("tenant"),
        identities.c.kind == bindparam("kind"),
        identities.c.value == bindparam("value"),
        customers.c.merged_into_id.is_(None),
    )
    .distinct()
)
_PREMISES = (
    select(premises)
    .where(premises.c.customer_id == bindparam("id"), premises.c.tenant_id == bindparam("tenant"))
    .order_by(premises.c.id)
)
_FIRST_PHONE = (
    select(identities.c.value)
    .where(identities.c.customer_id == customers.c.id, identities.c.kind == IdentityKind.PHONE.value)
    .order_by(identities.c.is_primary.desc(), identities.c.id)
    .limit(1)
    .scalar_subquery()
)
_FIRST_ADDRESS = (
    select(
        premises.c.address_line
        + ", "
        + func.coalesce(premises.c.ward_name, "")
        + ", "
        + func.coalesce(premises.c.province_name, "")
    )
    .where(premises.c.customer_id == customers.c.id)
    .order_by(premises.c.id)
    .limit(1)
    .scalar_subquery()
)
_SUMMARY_COLUMNS = (
    customers.c.id,
    customers.c.name,
    customers.c.kind,
    customers.c.segment,
    customers.c.region_code,
    customers.c.erased_at,
    _FIRST_PHONE.label("phone"),
    _FIRST_ADDRESS.label("address"),
)
_SUMMARIES = select(*_SUMMARY_COLUMNS).where(
    customers.c.id.in_(bindparam("ids", expanding=True)),
    customers.c.tenant_id == bindparam("tenant"),
    customers.c.merged_into_id.is_(None),
)
_SUMMARIES_IN_REGION = _SUMMARIES.where(customers.c.region_code == bindparam("region"))


class SqlCustomerRepository(Repository):
    def get(self, customer_id: int) -> Customer:
        row = self.db.execute(_CUSTOMER, {"id": customer_id, "tenant": self.tenant_id}).first()
        if row is None:
            raise NotFound(f"customer {customer_id} does not exist")
        idents = self.db.execute(_IDENTITIES, {"id": customer_id}).all()
        return Customer(
            id=row.id,
            kind=CustomerKind(row.kind),
            name=row.name,
            segment=Segment(row.segment),
            region_code=row.region_code,
            branch_code=row.branch_code,
            date_of_birth=row.date_of_birth,
            identities=tuple(Identity(IdentityKind(i.kind), i.value, i.is_primary, i.id) for i in idents),
            consent_marketing=row.consent_marketing,
            consent_data_processing=row.consent_data_processing,
            erased_at=row.erased_at,
            merged_into_id=row.merged_into_id,
            version=row.version,
        )

    def add(self, customer: Customer, at: datetime, source: str | None = None) -> int:
        new_id = self.db.execute(
            insert(customers)
            .values(
                tenant_id=self.tenant_id,
                kind=customer.kind.value,
                name=customer.name,
                segment=customer.segment.value,
                region_code=customer.region_code,
                branch_code=customer.branch_code,
                date_of_birth=customer.date_of_birth,
                consent_marketing=customer.consent_marketing,
                consent_data_processing=customer.consent_data_processing,
                source=source,
                created_at=at,
                updated_at=at,
                version=1,
            )
            .returning(customers.c.id)
        ).scalar_one()
        for identity in customer.identities:
            self.add_identity(new_id, identity.kind, identity.value, identity.is_primary)
        return int(new_id)

    def update(self, customer: Customer, expected_version: int, at: datetime) -> Customer:
        assert customer.id is not None
        result = self.db.execute(
            update(customers)
            .where(
                customers.c.id == customer.id,
                customers.c.tenant_id == self.tenant_id,
                customers.c.version == expected_version,
            )
            .values(
                kind=customer.kind.value,
                name=customer.name,
                segment=customer.segment.value,
                region_code=customer.region_code,
                branch_code=customer.branch_code,
                date_of_birth=customer.date_of_birth,
                consent_marketing=customer.consent_marketing,
                consent_data_processing=customer.consent_data_processing,
                erased_at=customer.erased_at,
                merged_into_id=customer.merged_into_id,
                updated_at=at,
                version=expected_version + 1,
            )
        )
        if result.rowcount != 1:
            current = self.get(customer.id)  # NotFound if it vanished
            raise Conflict(
                f"customer {customer.id} was changed by someone else (version {current.version}, "
                f"you had {expected_version}); reload and apply your change again",
                current={"version": current.version, "name": current.name},
            )
        return self.get(customer.id)

    def add_identity(self, customer_id: int, kind: IdentityKind, value: str, is_primary: bool = False) -> int:
        return int(
            self.db.execute(
                insert(identities)
                .values(
                    tenant_id=self.tenant_id,
                    customer_id=customer_id,
                    kind=kind.value,
                    value=value,
                    is_primary=is_primary,
                )
                .returning(identities.c.id)
            ).scalar_one()
        )

    def ids_by_identity(self, kind: IdentityKind, value: str) -> list[int]:
        rows = self.db.execute(_IDS_BY_IDENTITY, {"tenant": self.tenant_id, "kind": kind.value, "value": value})
        return [int(r) for r in rows.scalars()]

    def ids_by_account(self, number: str) -> list[int]:
        rows = (
            self.db.execute(
                select(service_accounts.c.customer_id)
                .join(customers, customers.c.id == service_accounts.c.customer_id)
                .where(
                    service_accounts.c.tenant_id == self.tenant_id,
                    or_(service_accounts.c.account_number == number, service_accounts.c.meter_number == number),
                    customers.c.merged_into_id.is_(None),
                )
                .distinct()
            )
            .scalars()
            .all()
        )
        return [int(r) for r in rows]

    def erase_personal_data(self, customer_id: int) -> None:
        self.db.execute(delete(identities).where(identities.c.customer_id == customer_id))
        self.db.execute(
            update(premises)
            .where(premises.c.customer_id == customer_id)
            .values(address_line="", old_ward=None, old_district=None)
        )

    def premises_of(self, customer_id: int) -> list[Premise]:
        return [_premise(r) for r in self.db.execute(_PREMISES, {"id": customer_id, "tenant": self.tenant_id})]

    def add_premise(self, customer_id: int, premise: Premise) -> int:
        a = premise.address
        return int(
            self.db.execute(
                insert(premises)
                .values(
                    tenant_id=self.tenant_id,
                    customer_id=customer_id,
                    address_line=a.line,
                    ward_code=a.ward_code,
                    ward_name=a.ward_name,
                    province_code=a.province_code,
                    province_name=a.province_name,
                    old_province=a.old_province,
                    old_district=a.old_district,
                    old_ward=a.old_ward,
                    network_node=premise.network_node,
                )
                .returning(premises.c.id)
            ).scalar_one()
        )

    def set_search_document(self, customer_id: int, document: str) -> None:
        updated = self.db.execute(
            update(customer_search).where(customer_search.c.customer_id == customer_id).values(document=document)
        ).rowcount
        if not updated:
            self.db.execute(
                insert(customer_search).values(customer_id=customer_id, tenant_id=self.tenant_id, document=document)
            )

    def search(self, terms: list[str], region_scope: str | None, limit: int) -> list[CustomerSummary]:
        if not terms:
            return []
        if self.db.dialect.name == "sqlite":
            # Terms are [0-9a-z]+ or one CJK character (domain.search.folding), so quoting is safe.
            match = " AND ".join(f'"{t}"*' for t in terms)
            ranked = (
                self.db.execute(
                    text(
                        "SELECT rowid FROM customer_search_fts WHERE customer_search_fts MATCH :q "
                        "ORDER BY rank LIMIT :n"
                    ),
                    {"q": match, "n": limit * 4},
                )
                .scalars()
                .all()
            )
        else:
            query = " & ".join(f"{t}:*" for t in terms)
            vector = func.to_tsvector(text("'simple'"), customer_search.c.document)
            tsquery = func.to_tsquery(text("'simple'"), query)
            ranked = (
                self.db.execute(
                    select(customer_search.c.customer_id)
                    .where(customer_search.c.tenant_id == self.tenant_id, vector.op("@@")(tsquery))
                    .order_by(func.ts_rank(vector, tsquery).desc())
                    .limit(limit * 4)
                )
                .scalars()
                .all()
            )
        found = self._summaries([int(i) for i in ranked], region_scope)
        return found[:limit]

    def summaries(self, ids: list[int]) -> list[CustomerSummary]:
        return self._summaries(ids, None)

    def _summaries(self, ids: list[int], region_scope: str | None) -> list[CustomerSummary]:
        if not ids:
            return []
        if region_scope is None:
            rows = self.db.execute(_SUMMARIES, {"ids": ids, "tenant": self.tenant_id}).all()
        else:
            rows = self.db.execute(
                _SUMMARIES_IN_REGION, {"ids": ids, "tenant": self.tenant_id, "region": region_scope}
            ).all()
        by_id = {r.id: r for r in rows}
        return [
            CustomerSummary(
                id=r.id,
                name=r.name,
                kind=r.kind,
                segment=r.segment,
                region_code=r.region_code,
                phone=r.phone,
                address=r.address,
                erased=r.erased_at is not None,
            )
            for r in (by_id[i] for i in ids if i in by_id)
        ]
