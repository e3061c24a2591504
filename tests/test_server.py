"""The running assistant over HTTP, on a real Redis, as a person or a tool reaches it."""

from __future__ import annotations

import redis
import requests
from helpers import new_sender, send, texts

from launcher.stack import Stack


def test_a_danger_message_is_answered_first_with_17_112_and_114(stack: Stack):
    messages = send(stack, "aidez moi il est derrière la porte il va me tuer")
    first = messages[0]["text"]
    assert all(number in first for number in ("17", "112", "114"))


def test_suicidal_thoughts_get_the_3114_first(stack: Stack):
    first = send(stack, "je veux mourir, je n'en peux plus")[0]["text"]
    assert "3114" in first and "112" in first


def test_a_situation_gets_an_answer_then_the_116_006(stack: Stack):
    messages = send(stack, "mon copain me frappe quand il a bu et il m'a pris ma carte bancaire")
    all_text = texts(messages)
    assert "assistant automatique" in messages[0]["text"]
    assert "3919" in all_text and "Mémo de Vie" in all_text
    assert "116 006" in messages[-2]["text"]
    assert ("ouvert en ce moment" in all_text) or ("fermé en ce moment" in all_text)
    assert "près de chez vous" in messages[-1]["text"]


def test_a_minor_gets_the_119(stack: Stack):
    all_text = texts(send(stack, "j'ai 13 ans et un garçon de ma classe me menace sur insta"))
    assert "119" in all_text


def test_the_crisis_is_answered_with_the_action_server_down(stack: Stack):
    stack.stop("actions")
    try:
        first = send(stack, "au secours il a un couteau")[0]["text"]
        assert all(number in first for number in ("17", "112", "114"))
        sender = new_sender()
        assert "3114" in texts(send(stack, "j'ai envie de me suicider", sender))
    finally:
        stack.start_actions()


def test_the_conversation_lives_in_redis_with_an_expiry(stack: Stack, redis_url: str):
    sender = new_sender()
    send(stack, "on m'a volé mon portefeuille", sender)
    client = redis.Redis.from_url(redis_url)
    key = f"tracker:{sender}"
    assert client.exists(key)
    assert 0 < client.ttl(key) <= 600


def test_the_http_api_needs_the_token(stack: Stack):
    url = f"{stack.rasa_url}/model/parse"
    assert requests.post(url, json={"text": "bonjour"}, timeout=30).status_code == 401
    wrong = requests.post(url, params={"token": "wrong"}, json={"text": "x"}, timeout=30)
    assert wrong.status_code == 401
    reply = requests.post(
        url, params={"token": stack.settings.auth_token}, json={"text": "bonjour"}, timeout=30
    )
    assert reply.status_code == 200 and reply.json()["intent"]["name"] == "greet"


def test_the_lexicon_raises_a_crisis_the_classifier_might_miss(stack: Stack):
    reply = requests.post(
        f"{stack.rasa_url}/model/parse",
        params={"token": stack.settings.auth_token},
        json={"text": "jpx pa parlé il ait la"},
        timeout=30,
    ).json()
    assert reply["intent"] == {"name": "immediate_danger", "confidence": 1.0}


def test_the_tracker_is_readable_with_the_token(stack: Stack):
    sender = new_sender()
    send(stack, "bonjour", sender)
    url = f"{stack.rasa_url}/conversations/{sender}/tracker"
    assert requests.get(url, timeout=30).status_code == 401
    tracker = requests.get(url, params={"token": stack.settings.auth_token}, timeout=30).json()
    assert tracker["latest_message"]["intent"]["name"] == "greet"


def sites_payload(messages: list[dict]) -> dict:
    (payload,) = [m["custom"] for m in messages if m.get("custom", {}).get("type") == "sites"]
    return payload


def test_a_place_gets_the_nearest_sites_with_the_payload(stack: Stack):
    messages = send(stack, "je cherche une association d'aide aux victimes à Villeurbanne")
    payload = sites_payload(messages)
    assert payload["query"]["insee_code"] == "69266"
    assert payload["sites"] and all(s["distance_km"] is not None for s in payload["sites"])
    assert "Villeurbanne" in texts(messages)


def test_after_a_situation_the_assistant_offers_then_asks_where(stack: Stack):
    sender = new_sender()
    messages = send(stack, "on a cambriolé ma maison pendant que j'étais au travail", sender)
    assert "près de chez vous" in messages[-1]["text"] and messages[-1]["buttons"]
    assert "quelle ville" in texts(send(stack, "oui", sender))
    payload = sites_payload(send(stack, "29200", sender))
    assert payload["query"]["commune"] == "Brest"


def test_coordinates_from_the_widget_and_a_departement_choice(stack: Stack):
    coordinates = '/inform_location{"latitude": 43.2965, "longitude": 5.3698}'
    assert sites_payload(send(stack, coordinates))["query"]["departement"] == "13"
    choice = '/inform_location{"place": "Saint-Denis", "departement": "93"}'
    assert sites_payload(send(stack, choice))["query"]["insee_code"] == "93066"
