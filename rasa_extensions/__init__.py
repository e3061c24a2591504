"""Rasa-specific adapters: an NLU component and an input channel. Logic lives elsewhere."""
