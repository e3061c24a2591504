"""French PII detection and redaction for victims' messages, without Rasa.

from anonymiser import redact
redact("Je m'appelle Léa Martin, mon numéro est le 06 12 34 56 78").text
# "Je m'appelle <PERSONNE>, mon numéro est le <TÉLÉPHONE>"
"""

from anonymiser.engine import (
    Anonymiser,
    Entity,
    Redaction,
    default_anonymiser,
    redact,
    redact_many,
    redact_texts,
)

__all__ = [
    "Anonymiser",
    "Entity",
    "Redaction",
    "default_anonymiser",
    "redact",
    "redact_many",
    "redact_texts",
]
