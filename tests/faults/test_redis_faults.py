"""Redis stopped, then Redis stalled, in the middle of a conversation: every message is
answered at once (a crisis with its numbers), the failure is counted and logged by its
type, the replicas say they are not ready, and the same conversation carries on once
Redis is back, without restarting anything else.

On the replicated stack: its Redis is its own (`local_redis`), really stopped and
started again on the same port with the same data.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
from fault_tools import (
    DANGER,
    EMERGENCY,
    HELPLINE,
    REPLICAS,
    SUICIDE,
    SUICIDE_LINE,
    Reply,
    all_ready,
    errors,
    notice,
    readiness,
    say,
    services_log,
    user_texts,
    wait_until,
)
from helpers import new_sender, stall_redis

from launcher.local_redis import LocalRedis
from launcher.stack import Stack

CALM = "on m'a volé mon portefeuille"
# Redis refuses the connections: the rate counter fails open and the conversation's lock
# cannot be taken, each at once; a few seconds is the bound a person may wait.
DOWN_BOUND_SECONDS = 5.0
# Redis accepts the connections and answers nothing for this long.
STALL_SECONDS = 10.0
# Before a turn runs, three Redis calls come one after the other: the address's rate
# limit, the sender's, then the conversation's lock. Each gives up after its socket
# timeout (REDIS_TIMEOUT_SECONDS, 2 s); the limits then let the message through, the
# lock fails the turn. So a stall longer than three timeouts gets the notice after about
# 6 s, well before it ends; a shorter one (6 s was measured) ends while the lock waits,
# and the turn then simply succeeds.
STALLED_CALLS = 3
MARGIN_SECONDS = 2.0
RECOVERY_SECONDS = 30.0
FAILED_LINE = re.compile(r"REST message failed: ([^\"\n]*)")


@pytest.fixture
def local_redis(replicated_stack: Stack) -> LocalRedis:
    assert replicated_stack.local_redis is not None
    return replicated_stack.local_redis


def assert_crisis_answer(reply: Reply, bound: float) -> None:
    assert reply.status == 200 and reply.seconds < bound, reply
    assert reply.text == notice("crisis_while_limited")
    assert all(number in reply.text for number in [*EMERGENCY, SUICIDE_LINE])


def assert_technical_problem(reply: Reply, bound: float) -> None:
    assert reply.status == 200 and reply.seconds < bound, reply
    assert reply.text == notice("technical_problem")
    assert all(number in reply.text for number in [*EMERGENCY, HELPLINE])


def assert_normal_answer(reply: Reply) -> None:
    assert reply.status == 200 and reply.messages, reply
    assert notice("technical_problem") not in reply.text


def test_redis_down_every_message_is_answered_and_the_conversation_resumes_after(
    replicated_stack: Stack, local_redis: LocalRedis
):
    stack = replicated_stack
    sender = new_sender()
    assert_normal_answer(say(stack.rasa_url, sender, "bonjour"))
    failed_before = errors(stack, "turn_failed")
    local_redis.halt()
    try:
        calm = say(stack.rasa_url, sender, CALM)
        suicide = say(stack.rasa_url, sender, SUICIDE)
        danger = say(stack.rasa_url, new_sender(), DANGER)
        ready = [readiness(stack.replica_url(name)) for name in REPLICAS]
        failed_after = errors(stack, "turn_failed")
    finally:
        local_redis.start()
    seconds = ", ".join(f"{reply.seconds:.2f}" for reply in (calm, suicide, danger))
    print(f"Redis down: answered in {seconds} s")
    assert_technical_problem(calm, DOWN_BOUND_SECONDS)
    assert_crisis_answer(suicide, DOWN_BOUND_SECONDS)
    assert_crisis_answer(danger, DOWN_BOUND_SECONDS)
    # Reported: counted by the replicas, logged with the error's type and nothing else.
    assert failed_after >= failed_before + 3
    for status, body in ready:
        assert status == 503 and body["checks"]["redis"] == "failed", body
    logged = FAILED_LINE.findall(services_log(stack))
    assert logged and all(re.fullmatch(r"[A-Za-z]+", error) for error in logged), logged
    # Back by itself: the replicas are ready again and the same conversation goes on.
    took = wait_until(lambda: all_ready(stack), RECOVERY_SECONDS, "replicas ready again")
    print(f"Redis back: replicas ready after {took:.2f} s")
    assert_normal_answer(say(stack.rasa_url, sender, CALM))
    assert "plainte" in say(stack.rasa_url, sender, "je veux porter plainte").text
    # The messages written during the outage were answered with the notice, not kept.
    assert user_texts(stack, sender) == ["bonjour", CALM, "je veux porter plainte"]


def test_redis_stalled_a_message_is_answered_before_the_stall_ends(
    replicated_stack: Stack, local_redis: LocalRedis
):
    stack = replicated_stack
    sender = new_sender()
    assert_normal_answer(say(stack.rasa_url, sender, "bonjour"))
    stall = threading.Thread(target=stall_redis, args=(local_redis.url, STALL_SECONDS))
    stall.start()
    try:
        time.sleep(0.5)  # DEBUG SLEEP has begun: Redis answers nobody
        replies: dict[str, Reply] = {}
        crisis = threading.Thread(
            target=lambda: replies.update(crisis=say(stack.rasa_url, new_sender(), SUICIDE))
        )
        crisis.start()
        replies["calm"] = say(stack.rasa_url, sender, CALM)
        crisis.join()
    finally:
        stall.join()
    calm, suicide = replies["calm"], replies["crisis"]
    print(f"Redis stalled: answered in {calm.seconds:.2f} and {suicide.seconds:.2f} s")
    # The turns failed and said so, with the numbers, before Redis answered again.
    bound = STALLED_CALLS * stack.settings.redis_timeout_seconds + MARGIN_SECONDS
    assert bound < STALL_SECONDS
    assert_technical_problem(calm, bound)
    assert_crisis_answer(suicide, bound)
    wait_until(lambda: all_ready(stack), RECOVERY_SECONDS, "replicas ready again")
    assert_normal_answer(say(stack.rasa_url, sender, CALM))
    assert user_texts(stack, sender) == ["bonjour", CALM]
