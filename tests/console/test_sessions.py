"""Signing in and out: session cookies, server-side sessions, throttling, headers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import redis
from console_process import ConsoleProcess, create_user
from console_testing import PASSWORD, console_env
from staff_client import StaffClient

from launcher.local_redis import LocalRedis

WRONG = "Identifiant ou mot de passe incorrect."


def test_signing_in_sets_a_strict_httponly_cookie_and_logging_out_ends_the_session(
    console: ConsoleProcess,
):
    client = StaffClient(console.url)
    reply = client.login("camille", PASSWORD)
    assert reply.status_code == 303
    assert reply.headers["Location"] == "/"
    cookie = next(c for c in client.http.cookies if c.name == "console_session")
    header = reply.headers["Set-Cookie"]
    assert "HttpOnly" in header
    assert "SameSite=Strict" in header
    assert "Path=/" in header
    assert client.get("/queue").status_code == 200

    assert client.post("/logout").status_code == 303
    stale = StaffClient(console.url)
    stale.http.cookies.set("console_session", cookie.value)
    assert stale.get("/queue").headers["Location"] == "/login"


def test_session_ids_are_random_and_only_their_hash_is_in_redis(
    console: ConsoleProcess, console_redis: LocalRedis
):
    first, second = StaffClient(console.url), StaffClient(console.url)
    first.login("camille", PASSWORD)
    second.login("camille", PASSWORD)
    ids = [client.http.cookies["console_session"] for client in (first, second)]
    assert ids[0] != ids[1]
    assert all(len(session_id) >= 40 for session_id in ids)
    keys = [key.decode() for key in redis.Redis.from_url(console_redis.url).keys("console:*")]
    assert not any(session_id in key for key in keys for session_id in ids)


def test_the_cookie_is_secure_unless_configured_otherwise(
    console_redis: LocalRedis, tmp_path: Path
):
    env = console_env(console_redis.url, tmp_path)
    del env["COOKIE_SECURE"]
    create_user(env, "camille", "counsellor", PASSWORD, "Camille")
    with ConsoleProcess(env) as running:
        client = StaffClient(running.url)
        form = client.get("/login")
        assert "; Secure" in form.headers["Set-Cookie"]
        # Over plain HTTP, a client keeps Secure cookies to itself: send it by hand.
        token = form.cookies["console_login"]
        reply = client.post(
            "/login",
            {"username": "camille", "password": PASSWORD, "csrf_token": token},
            headers={"Cookie": f"console_login={token}"},
        )
    assert reply.status_code == 303
    assert "; Secure" in reply.headers["Set-Cookie"]


def test_a_wrong_password_or_name_gets_the_same_french_answer(console: ConsoleProcess):
    client = StaffClient(console.url, forwarded_for="192.0.2.10")
    wrong_password = client.login("lucas", "pas le bon mot de passe")
    unknown = client.login("personne", "pas le bon mot de passe")
    assert wrong_password.status_code == unknown.status_code == 401
    assert WRONG in wrong_password.text
    assert WRONG in unknown.text
    assert "console_session" not in client.http.cookies


def test_five_failures_lock_an_account_name_whether_it_exists_or_not(console: ConsoleProcess):
    for name in ("camille-bis", "personne-du-tout"):
        for attempt in range(5):
            # From a new address each time: the lock is on the name.
            client = StaffClient(console.url, forwarded_for=f"192.0.2.{20 + attempt}")
            assert WRONG in client.login(name, "mauvais mot de passe").text
        locked = StaffClient(console.url, forwarded_for="192.0.2.30").login(name, PASSWORD)
        assert locked.status_code == 429
        assert "Trop de tentatives" in locked.text
        assert WRONG not in locked.text


def test_a_locked_account_stays_locked_even_with_the_right_password(
    console: ConsoleProcess, env: dict[str, str]
):
    create_user(env, "martin", "counsellor", PASSWORD, "Martin")
    for attempt in range(5):
        StaffClient(console.url, forwarded_for=f"192.0.2.{40 + attempt}").login("martin", "non")
    reply = StaffClient(console.url, forwarded_for="192.0.2.50").login("martin", PASSWORD)
    assert reply.status_code == 429


def test_twenty_failures_from_one_address_lock_it_for_every_account(console: ConsoleProcess):
    client = StaffClient(console.url, forwarded_for="203.0.113.7")
    for attempt in range(20):
        client.login(f"inconnu-{attempt}", "mauvais mot de passe")
    assert client.login("camille", PASSWORD).status_code == 429
    elsewhere = StaffClient(console.url, forwarded_for="203.0.113.8")
    assert elsewhere.login("camille", PASSWORD).status_code == 303


def test_pages_carry_the_security_headers(staff: Callable[[str], StaffClient]):
    reply = staff("camille").get("/queue")
    csp = reply.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert reply.headers["X-Frame-Options"] == "DENY"
    assert reply.headers["Referrer-Policy"] == "no-referrer"
    assert reply.headers["Cache-Control"] == "no-store"
    assert reply.headers["X-Content-Type-Options"] == "nosniff"


def test_health_answers_without_signing_in(console: ConsoleProcess):
    assert StaffClient(console.url).get("/health").text == "ok"
