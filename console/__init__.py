"""The counsellors' console: a Sanic web app for the staff of the network, without Rasa.

Counsellors see the handoff queue live, accept a conversation, read it, write to the
person through Rasa's HTTP API and end it; analysts and admins have their own pages.
"""
