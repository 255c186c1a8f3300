"""Case generator heldout2 (see its make_cases.py / make_variants.py)."""
