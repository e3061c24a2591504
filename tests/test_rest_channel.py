"""Validation of REST requests, before anything reaches Rasa."""

from __future__ import annotations

import pytest

from rasa_extensions.rest_channel import BadRequest, channel_messages, clean_text, parse_body


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ([], "JSON object"),
        ("hello", "JSON object"),
        ({"message": "bonjour"}, "sender"),
        ({"sender": "", "message": "bonjour"}, "sender"),
        ({"sender": "x" * 500, "message": "bonjour"}, "sender"),
        ({"sender": "a\x00b", "message": "bonjour"}, "sender"),
        ({"sender": "telegram:12345", "message": "bonjour"}, "sender"),
        ({"sender": "whatsapp:+33612345678", "message": "bonjour"}, "sender"),
        ({"sender": "abc"}, "message"),
        ({"sender": "abc", "message": 42}, "message"),
        ({"sender": "abc", "message": "bonjour", "metadata": [1]}, "metadata"),
    ],
)
def test_malformed_bodies_are_refused_with_the_reason(body, reason):
    with pytest.raises(BadRequest, match=reason):
        parse_body(body)


def test_a_good_body_is_accepted():
    assert parse_body({"sender": "abc", "message": "", "metadata": {"a": 1}}) == (
        "abc",
        "",
        {"a": 1},
    )


def test_control_characters_are_removed_and_long_text_cut():
    assert clean_text("a\x00b\x07c\nd\te", 100) == ("abc\nd\te", False)
    assert clean_text("é" * 10, 4) == ("éééé", True)


def test_the_channels_own_messages_carry_the_numbers():
    problem = channel_messages()["technical_problem"]
    assert all(number in problem for number in ("17", "112", "114", "116 006"))
    assert "{{" not in problem
