"""What a person is told when their message's turn failed, in every channel: the crisis
numbers for a crisis, else the technical problem with the numbers and the 116 006."""

from __future__ import annotations

import pytest
from fault_tools import DANGER, EMERGENCY, HELPLINE, SUICIDE, SUICIDE_LINE, notice

from rasa_extensions.rate_limit import CRISIS_NOTICE, FAILURE_NOTICE, failure_notice


@pytest.mark.parametrize("text", [SUICIDE, DANGER, "JE VAIS ME TUER", "il va me tuer, au secours"])
def test_a_crisis_whose_turn_failed_gets_the_crisis_numbers(text: str):
    assert failure_notice(text) == CRISIS_NOTICE
    answer = notice(failure_notice(text))
    assert all(number in answer for number in [*EMERGENCY, SUICIDE_LINE])


@pytest.mark.parametrize("text", ["on m'a volé mon portefeuille", "bonjour", "", None])
def test_any_other_message_gets_the_technical_problem(text: str | None):
    assert failure_notice(text) == FAILURE_NOTICE
    answer = notice(failure_notice(text))
    assert all(number in answer for number in [*EMERGENCY, HELPLINE])
