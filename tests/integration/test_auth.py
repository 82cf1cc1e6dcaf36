"""Logging in: sessions, wrong passwords, rate limiting, disabled accounts (at the app-command level;
the login page drives the same `login`)."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from carecenter.app.commands.auth import MAX_FAILURES, authenticate_session, login, logout
from carecenter.app.commands.users import update_user
from carecenter.bootstrap import Container
from carecenter.domain.errors import InvalidInput, TooManyAttempts, Unauthenticated
from carecenter.web.access import SESSION_COOKIE
from tests.factories import SYSTEM, FakeClock, event_types, make_user, rows

PASSWORD = "correct horse battery"


def test_login_opens_a_session_that_authenticates_requests(client: TestClient[Any], container: Container) -> None:
    ctx = container.context
    user = make_user(ctx, "supervisor", username="mai")
    session = login(ctx, "mai", PASSWORD, client="10.0.0.7")
    assert authenticate_session(ctx, session.session_secret).user.id == user.id
    assert event_types(container.engine, "user", user.id)[-1] == "UserLoggedIn"
    stored = rows(container.engine, "web_sessions", user_id=user.id)[0]
    assert session.session_secret not in stored["token_hash"]

    client.cookies.set(SESSION_COOKIE, session.session_secret)
    me = client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["username"] == "mai"

    # A cookie-authenticated write must echo the CSRF token.
    assert client.post("/api/v1/me/locale", json={"locale": "vi"}).status_code == 403
    ok = client.post("/api/v1/me/locale", json={"locale": "vi"}, headers={"x-csrf-token": session.csrf_token})
    assert ok.status_code == 200

    logout(ctx, session.session_secret)
    assert client.get("/api/v1/me").status_code == 401


def test_wrong_password_and_unknown_user_look_the_same(container: Container) -> None:
    ctx = container.context
    make_user(ctx, "agent", username="binh")
    with pytest.raises(Unauthenticated) as wrong:
        login(ctx, "binh", "not it at all", client="c")
    with pytest.raises(Unauthenticated) as unknown:
        login(ctx, "nobody", "not it at all", client="c")
    assert str(wrong.value) == str(unknown.value)
    with pytest.raises(InvalidInput):
        login(ctx, "  ", PASSWORD, client="c")


def test_five_wrong_passwords_lock_the_username_even_for_the_right_one(container: Container, clock: FakeClock) -> None:
    ctx = container.context
    make_user(ctx, "agent", username="chi")
    for _ in range(MAX_FAILURES):
        with pytest.raises(Unauthenticated):
            login(ctx, "chi", "guess", client="203.0.113.9")
    with pytest.raises(TooManyAttempts) as locked:
        login(ctx, "chi", PASSWORD, client="198.51.100.1")  # another address does not help
    assert locked.value.retry_after_seconds > 0

    clock.advance(minutes=16)
    assert login(ctx, "chi", PASSWORD, client="203.0.113.9").user.username == "chi"
    assert rows(container.engine, "login_failures", username="chi") == []


def test_too_many_attempts_maps_to_429_with_retry_after(container: Container) -> None:

    from carecenter.bootstrap import web_app

    ctx = container.context
    make_user(ctx, "agent", username="dung")

    with TestClient(app=web_app(container)) as client:
        for _ in range(MAX_FAILURES):
            wrong = client.post("/login", data={"username": "dung", "password": "bad"}, follow_redirects=False)
            assert wrong.status_code == 401
        response = client.post("/login", data={"username": "dung", "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert "cc_session" not in response.cookies  # the right password does not get through either


def test_a_disabled_account_cannot_log_in_and_its_sessions_end(container: Container) -> None:
    ctx = container.context
    user = make_user(ctx, "qa", username="em")
    session = login(ctx, "em", PASSWORD, client="c")
    update_user(ctx, SYSTEM, user.id, active=False)
    with pytest.raises(Unauthenticated):
        authenticate_session(ctx, session.session_secret)
    with pytest.raises(Unauthenticated):
        login(ctx, "em", PASSWORD, client="c")


def test_sessions_expire(container: Container, clock: FakeClock) -> None:
    ctx = container.context
    make_user(ctx, "agent", username="giang")
    session = login(ctx, "giang", PASSWORD, client="c")
    clock.advance(hours=ctx.session_hours, seconds=1)
    with pytest.raises(Unauthenticated):
        authenticate_session(ctx, session.session_secret)
