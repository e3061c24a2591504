"""The anonymised archive of conversations that staff review, without Rasa.

Rasa's events (the Redis stream of `handoff.events`) go through the anonymiser into SQL
tables (`archive.schema`); the raw conversations stay only in Redis, with an expiry.
"""
