"""Safety logic with no Rasa dependency: the crisis lexicon that backs up the classifier."""

from safety.crisis import CrisisDetector, CrisisMatch, default_detector, normalise

__all__ = ["CrisisDetector", "CrisisMatch", "default_detector", "normalise"]
