"""Case generator heldout7 (see its make_cases.py / make_variants.py)."""
