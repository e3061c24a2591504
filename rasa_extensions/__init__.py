"""Rasa-specific adapters: an NLU component and input channels. Logic lives elsewhere."""
