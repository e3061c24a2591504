"""The anonymiser loads once, works from threads and in batches, and needs no network."""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor

import pytest

import anonymiser
from anonymiser import Anonymiser
from anonymiser.config import TYPES, default_config

MESSAGES = [
    "Je m'appelle Léa Martin, rappelez-moi au 06 12 34 56 78.",
    "Mon ex Kevin Dupont m'envoie des menaces, j'ai appelé le 17.",
    "Il connaît mon adresse : 8 allée des Peupliers, 44300 Nantes.",
    "Son compte tiktok c'est lucas_92, il poste des vidéos de moi.",
] * 5


def test_redact_many_equals_redact() -> None:
    engine = anonymiser.default_anonymiser()
    assert engine.redact_many(MESSAGES) == [engine.redact(text) for text in MESSAGES]


def test_threads_share_one_anonymiser() -> None:
    expected = [anonymiser.redact(text) for text in MESSAGES]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(anonymiser.redact, MESSAGES)) == expected
    assert anonymiser.default_anonymiser() is anonymiser.default_anonymiser()


def test_every_type_has_a_french_placeholder() -> None:
    placeholders = default_config().placeholders
    assert set(placeholders) == set(TYPES)
    assert placeholders["TELEPHONE"] == "<TÉLÉPHONE>"


def test_no_network_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the anonymiser tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    engine = Anonymiser(use_ner=False)
    text = "Écrivez à lea.martin@gmail.com ou au 06 12 34 56 78."
    assert engine.redact(text).text == "Écrivez à <EMAIL> ou au <TÉLÉPHONE>."
