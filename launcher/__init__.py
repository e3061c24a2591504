"""Builds, trains and runs the assistant: the action server and Rasa, together."""
