"""Builds, trains and runs the assistant: the action server and Rasa, together."""

import os

# No telemetry: nothing leaves the machine. Inherited by every Rasa process we start.
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
