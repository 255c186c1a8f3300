"""Command groups of the ``intake`` CLI; each module has ``register(app)``."""
