"""A crisis is answered even while the bot is paused for a counsellor.

Rasa predicts nothing for a paused conversation (`ConversationPaused`): the person waiting
in the counsellors' queue, or talking to one, would get no answer to "il arrive, il a un
couteau" until the counsellor reads it. Here, a paused conversation whose latest message
is a crisis gets the crisis responses at once, as the crisis rules send them (without the
offer of a counsellor, who is already there or on the way). Plain responses: no action
server needed. Applied by the server at start.
"""

from __future__ import annotations

from rasa.core.channels.channel import OutputChannel
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker

# The responses of the crisis rules of bot/data/rules.yml (a test keeps them equal).
CRISIS_RESPONSES = {
    "immediate_danger": ("utter_crisis_danger", "utter_crisis_danger_next"),
    "suicidal_thoughts": ("utter_crisis_suicide", "utter_crisis_suicide_next"),
}

_original_prediction_loop = MessageProcessor._run_prediction_loop


async def _run_prediction_loop(
    self: MessageProcessor, output_channel: OutputChannel, tracker: DialogueStateTracker
) -> None:
    intent = tracker.latest_message.intent.get("name") if tracker.latest_message else None
    if not tracker.is_paused() or intent not in CRISIS_RESPONSES:
        await _original_prediction_loop(self, output_channel, tracker)
        return
    for name in CRISIS_RESPONSES[intent]:
        action = self._get_action(name)
        prediction = PolicyPrediction.for_action_name(self.domain, name)
        await self._run_action(action, tracker, output_channel, self.nlg, prediction)


def apply() -> None:
    """Install the crisis answer for paused conversations (idempotent)."""
    MessageProcessor._run_prediction_loop = _run_prediction_loop  # type: ignore[method-assign]
