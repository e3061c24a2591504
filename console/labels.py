"""The French words staff read for the bot's codes (situations: shared/spec/situations.md)."""

from __future__ import annotations

SITUATIONS = {
    "domestic_violence": "Violences conjugales et intrafamiliales",
    "sexual_violence": "Violences sexuelles et sexistes",
    "cybercrime": "Cybercriminalité",
    "harassment": "Harcèlement (hors ligne)",
    "physical_assault": "Agression, coups et blessures",
    "theft_burglary": "Vol, cambriolage, dégradations",
    "fraud": "Escroquerie et abus de faiblesse",
    "cult_abuse": "Dérives sectaires et emprise",
    "elected_official": "Élu victime",
    "road_accident": "Accident de la circulation",
    "homicide_bereavement": "Proche victime d'homicide",
    "terrorism_collective": "Attentat, accident collectif, catastrophe",
    "discrimination_hate": "Discrimination et actes haineux",
}

REASONS = {
    "request_human": "A demandé à parler à une personne",
    "fallback": "Le bot ne l'a pas comprise deux fois",
    "crisis": "Après une réponse de crise",
    "takeover": "Prise en main depuis la console",
}

ROLES = {"counsellor": "Conseiller ou conseillère", "analyst": "Analyste", "admin": "Admin"}

# Who wrote a turn of an archived conversation (`archive.schema`).
SPEAKERS = {"user": "La personne", "bot": "Le bot", "counsellor": "Conseiller ou conseillère"}

CHANNELS = {
    "socketio": "Widget du site",
    "rest": "API REST",
    "messenger": "Messenger",
    "telegram": "Telegram",
    "whatsapp": "WhatsApp",
}

# What the audit log records (`Accounts.record`).
ACTIONS = {
    "login": "Connexion",
    "logout": "Déconnexion",
    "accept": "Conversation acceptée",
    "takeover": "Prise en main",
    "end": "Conversation terminée",
    "review_view": "Conversation archivée lue",
    "review_correct": "Intention corrigée",
    "review_delete": "Conversation archivée supprimée",
    "export_csv": "Export CSV des conversations",
    "export_nlu": "Export des corrections (NLU)",
}


def situation(code: str | None) -> str:
    if not code:
        return "Non reconnue"
    return SITUATIONS.get(code, code)


def reason(code: str) -> str:
    return REASONS.get(code, code)


def channel(code: str) -> str:
    return CHANNELS.get(code, code or "Inconnu")


def action(code: str) -> str:
    return ACTIONS.get(code, code)
