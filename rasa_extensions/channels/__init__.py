"""Messaging apps: Facebook Messenger, Telegram and WhatsApp (through Twilio).

Each is a small subclass of Rasa's own channel (`messenger.py`, `telegram.py`,
`whatsapp.py`) that checks the platform's signature; `base.py` holds what they share
(idempotency, rate limit, sending), `rendering.py` how a message is written for each
app, without Rasa, and `store.py` what is kept in Redis.
"""
