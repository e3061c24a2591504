"""Who may do what: CSRF tokens, the Origin check, and the roles."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from console_process import ConsoleProcess
from console_testing import PASSWORD
from helpers import new_sender
from staff_client import StaffClient


@pytest.fixture
def queued(handoff: Callable) -> str:
    conversation_id = new_sender()
    handoff(lambda store: store.request(conversation_id, "request_human", "socketio"))
    return conversation_id


def test_a_state_change_without_the_csrf_token_is_refused(
    staff: Callable[[str], StaffClient], handoff: Callable, queued: str
):
    camille = staff("camille")
    for token in ("", "not-the-token"):
        reply = camille.post(f"/conversations/{queued}/accept", {"csrf_token": token})
        assert reply.status_code == 403
        assert "pas pu être vérifiée" in reply.text
    assert handoff(lambda store: store.get(queued)).status == "queued"
    assert camille.post("/logout", {"csrf_token": ""}).status_code == 403
    assert camille.get("/queue").status_code == 200


def test_the_csrf_token_may_come_in_a_header(
    staff: Callable[[str], StaffClient], handoff: Callable, queued: str
):
    camille = staff("camille")
    reply = camille.post(
        f"/conversations/{queued}/accept",
        {"csrf_token": ""},
        headers={"X-CSRF-Token": camille.csrf_token},
    )
    assert reply.status_code == 303
    assert handoff(lambda store: store.get(queued)).counsellor == "camille"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "https://evil.example", "Sec-Fetch-Site": "same-origin"},
        {"Origin": None},
        {"Origin": "null"},
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_state_change_from_another_origin_or_none_is_refused(
    staff: Callable[[str], StaffClient], handoff: Callable, queued: str, headers: dict
):
    reply = staff("camille").post(f"/conversations/{queued}/accept", headers=headers)
    assert reply.status_code == 403
    assert handoff(lambda store: store.get(queued)).status == "queued"


def test_a_form_of_the_console_itself_passes_without_an_origin(
    staff: Callable[[str], StaffClient], handoff: Callable, queued: str
):
    """What Chromium sends under Referrer-Policy: no-referrer."""
    headers = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    reply = staff("camille").post(f"/conversations/{queued}/accept", headers=headers)
    assert reply.status_code == 303


def test_signing_in_needs_the_token_of_the_login_form(console: ConsoleProcess):
    client = StaffClient(console.url)
    reply = client.post("/login", {"username": "camille", "password": PASSWORD})
    assert reply.status_code == 403
    assert "console_session" not in client.http.cookies


@pytest.mark.parametrize(
    "path", ["/queue", "/queue/events", "/conversations/abc", "/conversations/abc/events"]
)
def test_analysts_do_not_reach_the_queue_or_conversations(
    staff: Callable[[str], StaffClient], path: str
):
    reply = staff("ana").get(path)
    assert reply.status_code == 403
    assert "réservée" in reply.text


@pytest.mark.parametrize("action", ["accept", "takeover", "messages", "end"])
def test_analysts_cannot_act_on_a_conversation(
    staff: Callable[[str], StaffClient], handoff: Callable, queued: str, action: str
):
    reply = staff("ana").post(f"/conversations/{queued}/{action}", {"message": "bonjour"})
    assert reply.status_code == 403
    assert handoff(lambda store: store.get(queued)).status == "queued"


def test_the_analysts_home_is_the_archive_without_the_queue(staff: Callable[[str], StaffClient]):
    ana = staff("ana")
    assert ana.get("/").headers["Location"] == "/review"
    archive = ana.get("/review")
    assert archive.status_code == 200
    assert "/queue" not in archive.text


def test_only_admins_see_the_accounts(staff: Callable[[str], StaffClient]):
    assert staff("camille").get("/admin/accounts").status_code == 403
    listed = staff("adele").get("/admin/accounts")
    assert listed.status_code == 200
    assert "camille" in listed.text
    assert "Analyste" in listed.text


def test_signed_out_visitors_go_to_the_login_page(console: ConsoleProcess):
    visitor = StaffClient(console.url)
    assert visitor.get("/queue").headers["Location"] == "/login"
    assert visitor.get("/queue/events", headers={"Accept": "text/event-stream"}).status_code == 401
    assert visitor.post("/conversations/abc/end").status_code == 401


def test_only_the_counsellor_who_has_a_conversation_writes_to_it_or_ends_it(
    staff: Callable[[str], StaffClient], handoff: Callable, queued: str
):
    camille, lucas = staff("camille"), staff("lucas")
    assert camille.post(f"/conversations/{queued}/accept").status_code == 303
    written = lucas.post(f"/conversations/{queued}/messages", {"message": "bonjour"})
    assert written.status_code == 403
    assert "pas, ou plus, la vôtre" in written.text
    assert lucas.post(f"/conversations/{queued}/end").status_code == 403
    assert handoff(lambda store: store.get(queued)).counsellor == "camille"


def test_unknown_pages_are_answered_in_french(staff: Callable[[str], StaffClient]):
    reply = staff("camille").get("/nulle-part")
    assert reply.status_code == 404
    assert "Page introuvable" in reply.text
