"""What a counsellor reads of a conversation, and the quick inserts, from tracker events."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from console.actions import counsellor_message
from console.inserts import quick_inserts
from console.transcript import BOT, COUNSELLOR, NOTICE, PERSON, facts, messages
from resources.catalog import default_catalog

PARIS = ZoneInfo("Europe/Paris")
SITE = {
    "name": "France Victimes 69 - Villeurbanne",
    "address": "12 rue Test",
    "postal_code": "69100",
    "city": "Villeurbanne",
    "phone": "04 00 00 00 00",
}
TRACKER = {
    "latest_input_channel": "socketio",
    "slots": {"situation": "harassment", "place": "Villeurbanne"},
    "events": [
        {"event": "action", "name": "action_listen", "timestamp": 1.0},
        {
            "event": "user",
            "text": "<b>il me suit</b>",
            "timestamp": 2.0,
            "parse_data": {"intent": {"name": "harassment"}},
        },
        {"event": "bot", "text": "Je comprends.", "timestamp": 3.0},
        {
            "event": "bot",
            "text": "Voici des lieux d'accueil.",
            "timestamp": 4.0,
            "data": {"custom": {"type": "sites", "sites": [SITE]}},
        },
        {
            "event": "user",
            "text": "j'ai peur il va me tuer",
            "timestamp": 5.0,
            "parse_data": {"intent": {"name": "immediate_danger"}},
        },
        {"event": "pause", "timestamp": 6.0},
        {**counsellor_message("Bonjour, je suis Camille.", "Camille"), "timestamp": 7.0},
        {"event": "resume", "timestamp": 8.0},
        {"event": "slot", "name": "place", "value": "Lyon", "timestamp": 9.0},
    ],
}


def test_the_transcript_keeps_what_people_said_as_plain_text():
    shown = messages(TRACKER["events"])
    assert [m.kind for m in shown] == [PERSON, BOT, BOT, PERSON, NOTICE, COUNSELLOR, NOTICE]
    assert shown[0].text == "<b>il me suit</b>"
    assert shown[5].author == "Camille"
    assert shown[4].text.startswith("Le bot est en pause")


def test_the_facts_are_what_the_bot_recognised():
    known = facts(TRACKER)
    assert known.situation == "harassment"
    assert known.place == "Villeurbanne"
    assert known.crisis
    assert known.channel == "socketio"
    assert known.site == SITE
    assert not facts({"events": TRACKER["events"][:3]}).crisis


def test_quick_inserts_read_the_helpline_from_the_catalogue_and_say_if_it_is_open():
    catalog = default_catalog()
    helpline = catalog["victims_helpline"]
    morning = datetime(2026, 3, 4, 10, 0, tzinfo=PARIS)
    night = datetime(2026, 3, 4, 23, 0, tzinfo=PARIS)
    by_day = quick_inserts(catalog, SITE, morning)
    assert by_day[0].label == f"{helpline['number']} (ouvert maintenant)"
    assert helpline["hours_text"] in by_day[0].text
    assert "la ligne est ouverte en ce moment" in by_day[0].text
    assert "la ligne est fermée en ce moment" in quick_inserts(catalog, None, night)[0].text
    assert helpline["email"] in by_day[1].text
    assert by_day[2].text == (
        "Le lieu d'accueil le plus proche de chez vous : France Victimes 69 - Villeurbanne, "
        "12 rue Test, 69100 Villeurbanne, téléphone 04 00 00 00 00."
    )
    assert len(quick_inserts(catalog, None, morning)) == 2
