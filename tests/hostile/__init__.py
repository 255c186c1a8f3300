"""Hostile-input corpus: a generator of one email per class of attack, and the bounded runner."""
