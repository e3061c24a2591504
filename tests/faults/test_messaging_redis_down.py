"""A messaging app's message while Redis is down: the turn cannot run (its lock is in
Redis), and the person is still answered through the platform, once; a crisis with the
crisis numbers. The channel is the real Messenger one, its Redis a real one, stopped."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fault_tools import DANGER, EMERGENCY, HELPLINE, SUICIDE_LINE, notice
from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import LockError

from launcher.local_redis import LocalRedis
from rasa_extensions.channels.base import Incoming
from rasa_extensions.channels.messenger import MessengerInput
from rasa_extensions.channels.rendering import Part


@pytest.fixture(scope="module")
def stopped_redis_url() -> str:
    """Where a Redis answered and no longer does."""
    with LocalRedis() as server:
        return server.url


@pytest.fixture
async def messenger(stopped_redis_url: str) -> AsyncIterator[tuple[MessengerInput, list[str]]]:
    """The Messenger channel on the stopped Redis, and what it sends to the person."""
    channel = MessengerInput("verify", "secret", "page-token", stopped_redis_url)
    sent: list[str] = []

    async def deliver(_: str, part: Part) -> None:
        sent.append(part.text)

    channel.output.deliver = deliver  # type: ignore[method-assign]
    yield channel, sent
    await channel.store.close()


async def lock_unavailable(_: UserMessage) -> None:
    """The Rasa agent when Redis is down: the conversation's lock cannot be taken."""
    raise LockError("Error while acquiring lock: ConnectionError")


@pytest.mark.parametrize(
    ("text", "key", "numbers"),
    [
        ("on m'a volé mon portefeuille", "technical_problem", [*EMERGENCY, HELPLINE]),
        (DANGER, "crisis_while_limited", [*EMERGENCY, SUICIDE_LINE]),
    ],
)
async def test_a_message_is_answered_once_with_the_numbers(
    messenger: tuple[MessengerInput, list[str]], text: str, key: str, numbers: list[str]
):
    channel, sent = messenger
    await channel.process(lock_unavailable, Incoming("messenger:42", "mid.1", text))
    assert sent == [notice(key)]
    assert all(number in sent[0] for number in numbers)
