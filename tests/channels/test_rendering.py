"""How bot messages are written on the messaging apps: pure logic, no server."""

from __future__ import annotations

import json

import pytest

from rasa_extensions.channels.rendering import (
    Choice,
    Part,
    Style,
    choice_for,
    location_message,
    render,
    split_text,
    text_length,
)
from rasa_extensions.rest_channel import channel_messages

HINT = "Répondez avec le numéro de votre choix."
OFFER = {
    "text": "Voulez-vous parler à une personne ?",
    "buttons": [
        {"title": "Oui, parler à une personne", "payload": "/request_human"},
        {"title": "Non merci", "payload": "/deny"},
    ],
}


def test_short_titles_stay_taps_and_the_text_is_unchanged():
    message = {"text": "Cherchons ?", "buttons": [{"title": "Oui", "payload": "/affirm"}]}
    assert render(message, Style(2000, 20, 13), HINT) == [
        Part("Cherchons ?", (Choice("Oui", "/affirm"),))
    ]


def test_titles_too_long_for_the_platform_become_numbered_choices_in_the_text():
    (part,) = render(OFFER, Style(2000, max_title_chars=20), HINT)
    assert part.text == (
        "Voulez-vous parler à une personne ?\n\n"
        "1. Oui, parler à une personne\n2. Non merci\n" + HINT
    )
    assert part.choices == (Choice("1", "/request_human"), Choice("2", "/deny"))


def test_too_many_choices_are_numbered_and_a_platform_may_number_always():
    many = {
        "text": "Lequel ?",
        "buttons": [{"title": str(n), "payload": f"/{n}"} for n in range(14)],
    }
    assert "14. 13" in render(many, Style(2000, 20, 13), HINT)[0].text
    assert "1. Oui, parler" in render(OFFER, Style(1600, max_title_chars=0), HINT)[0].text
    assert render(OFFER, Style(4096), HINT)[0].text == OFFER["text"]


def test_a_counsellors_message_is_signed_with_their_name_other_payloads_are_dropped():
    signature = channel_messages()["counsellor"]
    counsellor = {"text": "Je suis là.", "custom": {"type": "counsellor", "name": "Camille"}}
    assert render(counsellor, Style(2000), HINT, signature)[0].text == (
        "Camille, de France Victimes :\nJe suis là."
    )
    sites = {"text": "Voici les lieux", "custom": {"type": "sites", "sites": [{"name": "X"}]}}
    assert render(sites, Style(2000), HINT, signature) == [Part("Voici les lieux")]
    assert render({"custom": {"type": "handoff"}}, Style(2000), HINT, signature) == []


def test_a_long_message_is_split_under_the_limit_with_the_choices_on_the_last_part():
    text = "\n\n".join(f"Paragraphe {n} : " + "mot " * 60 for n in range(30))
    parts = render({**OFFER, "text": text}, Style(1600, 0), HINT)
    assert len(parts) > 1 and all(text_length(part.text) <= 1600 for part in parts)
    assert [bool(part.choices) for part in parts] == [False] * (len(parts) - 1) + [True]
    assert "".join(p.text for p in parts).replace("\n", "").replace(" ", "") == (
        (text + "\n\n1. Oui, parler à une personne\n2. Non merci\n" + HINT)
        .replace("\n", "")
        .replace(" ", "")
    )


def test_paragraphs_are_kept_whole_when_they_fit():
    first, second = "a" * 900, "b " * 500
    assert split_text(f"{first}\n\n{second}", 1000) == [first, second.strip()]


@pytest.mark.parametrize("limit", range(20, 60))
def test_a_number_is_never_cut(limit):
    text = "Appelez le 116 006 ou le 01 41 83 42 00, ou le 17. " * 8
    for piece in split_text(text, limit):
        assert text_length(piece) <= limit
        assert not piece.endswith(("116", " 01", " 41", " 83", " 42"))
        assert not piece.startswith(("006", "41 ", "83 ", "42 ", "00"))


def test_a_word_longer_than_the_limit_is_cut_and_emoji_count_double():
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert split_text("😀" * 6, 4) == ["😀😀", "😀😀", "😀😀"]


def test_a_typed_number_or_title_picks_a_choice():
    choices = [Choice("Oui, près de chez moi", "/find_nearby_help"), Choice("Non merci", "/deny")]
    assert choice_for("1", choices) == "/find_nearby_help"
    assert choice_for(" 2. ", choices) == "/deny"
    assert choice_for("non MERCI", choices) == "/deny"
    assert choice_for("3", choices) is None
    assert choice_for("2 enfants", choices) is None
    assert choice_for("1", []) is None


def test_a_position_is_rounded_like_the_widgets_and_nonsense_refused():
    message = location_message("45.76712", 4.87954)
    assert message.startswith("/inform_location")
    assert json.loads(message.removeprefix("/inform_location")) == {
        "latitude": 45.767,
        "longitude": 4.88,
    }
    for latitude, longitude in [("abc", "1"), ("nan", "1"), ("91", "0"), ("0", "inf")]:
        with pytest.raises(ValueError):
            location_message(latitude, longitude)


def test_the_channels_notices_carry_the_emergency_numbers():
    for key in ("rate_limited", "unreadable", "crisis_while_limited"):
        text = channel_messages()[key]
        assert all(number in text for number in ("17", "112", "114")) and "{{" not in text
