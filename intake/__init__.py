"""case-intake: emailed case-study submissions into a review queue."""

__version__ = "0.1.0"
