"""Health, readiness, Prometheus metrics and structured logs for every service.

Without Rasa: the Rasa server, the action server, the console and the archiver all use
it. No metric label and no log line ever holds personal data (a sender id, a message's
text, an address, a place).
"""
