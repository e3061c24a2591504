"""Custom actions of the assistant (thin: the logic lives in pure modules)."""
