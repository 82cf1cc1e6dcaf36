"""Operator interfaces (health, metrics, OpenAPI) and the promise that bad input never causes a 5xx."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from carecenter.bootstrap import Container, web_app
from carecenter.web.access import PUBLIC
from tests.factories import Staff, make_household
from tests.rbac_doc import bare_app, route_table

ROUTES = route_table(bare_app())
PARAM = re.compile(r"\{(\w+):[^}]+\}")


def test_healthz_reports_ok_while_the_database_answers(client: TestClient[Any]) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_reports_503_when_the_database_is_gone(container: Container) -> None:
    broken = Container(container.settings, _unreachable_engine(container), container.context)
    with TestClient(app=web_app(broken)) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def _unreachable_engine(container: Container) -> Any:
    from sqlalchemy import create_engine

    if container.engine.dialect.name == "sqlite":
        return create_engine("sqlite:////nonexistent/dir/carecenter.db")
    return create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 2})


def test_metrics_count_requests_by_route_template(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    client.get("/api/v1/customers/12345", headers=staff["agent"].headers)
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert "carecenter_http_requests_total" in text
    assert 'route="/api/v1/customers/{customer_id:int}"' in text
    assert "/api/v1/customers/12345" not in text  # raw paths would explode the label cardinality


def test_openapi_lists_every_api_path(client: TestClient[Any]) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    missing = [str(r) for r in ROUTES if r.path.startswith("/api/") and (r.openapi_path, r.method) not in documented]
    assert missing == [], "API routes missing from the OpenAPI document:\n" + "\n".join(missing)


def test_unknown_paths_are_404_problems(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    response = client.get("/api/v1/no/such/thing", headers=staff["agent"].headers)
    assert response.status_code == 404
    wrong_method = client.delete("/api/v1/customers", headers=staff["admin"].headers)
    assert wrong_method.status_code == 405


MALFORMED_BODIES: list[tuple[str, bytes]] = [
    ("application/json", b""),
    ("application/json", b"{"),
    ("application/json", b"null"),
    ("application/json", b"[]"),
    ("application/json", b'"text"'),
    ("application/json", b"12"),
    ("application/json", b"{}"),
    ("application/json", b'{"name": null, "version": "one", "phones": {"a": 1}}'),
    ("application/json", b'{"version": 99999999999999999999999, "name": "' + b"x" * 5000 + b'"}'),
    ("application/json", b'{"action": "suspend", "version": -1, "customer_id": "1; DROP TABLE customers"}'),
    ("application/json", '{"name": "\\u0000\\ud800", "channel": "voice", "username": "ß"}'.encode()),
    ("application/json", b"\xff\xfe\x00garbage"),
    ("text/plain", b"name=An"),
    ("application/x-www-form-urlencoded", b"name=An&phones=1"),
]


def _url(path: str, ids: dict[str, int]) -> str:
    return PARAM.sub(lambda m: str(ids.get(m.group(1), 1)), path)


def test_malformed_bodies_never_cause_a_server_error(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    home = make_household(container.context)
    ids = {"customer_id": home.customer_id, "service_id": home.service_id, "user_id": staff["qa"].id}
    writes = [r for r in ROUTES if r.method in ("POST", "PUT", "PATCH") and r.permission != PUBLIC]
    failures = []
    for route in writes:
        for content_type, body in MALFORMED_BODIES:
            response = client.request(
                route.method,
                _url(route.path, ids),
                content=body,
                headers={**staff["admin"].headers, "content-type": content_type},
            )
            if response.status_code >= 500:
                failures.append(f"{route} {body[:40]!r} -> {response.status_code} {response.text[:120]}")
    assert failures == [], "\n".join(failures)


def test_odd_query_strings_and_path_values_never_cause_a_server_error(
    client: TestClient[Any], staff: dict[str, Staff]
) -> None:
    reads = [r for r in ROUTES if r.method == "GET"]
    odd = ["", "0", "-1", "99999999999999999999999", "abc", "%00", "' OR 1=1 --", "ạ" * 300, "伟", "*", '"']
    failures = []
    for route in reads:
        for value in odd:
            url = PARAM.sub(lambda _m, v=value: v or "x", route.path)
            params = {name: value for name in ("q", "limit", "phone", "email", "account", "customer_id", "user_id")}
            response = client.get(url, params=params, headers=staff["admin"].headers)
            if response.status_code >= 500:
                failures.append(f"{route} {value!r} -> {response.status_code} {response.text[:120]}")
    assert failures == [], "\n".join(failures)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=12,
)
_customer_field = st.sampled_from(
    ["name", "kind", "phones", "emails", "national_id", "tax_code", "region_code", "date_of_birth", "address"]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.dictionaries(_customer_field, _json, max_size=6))
def test_any_json_sent_to_create_customer_is_answered_without_a_server_error(
    client: TestClient[Any], staff: dict[str, Staff], body: dict[str, Any]
) -> None:
    response = client.post(
        "/api/v1/customers",
        content=json.dumps(body),
        headers={**staff["agent"].headers, "content-type": "application/json"},
    )
    assert response.status_code in (201, 400, 409, 422), (body, response.status_code, response.text)
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail"]
