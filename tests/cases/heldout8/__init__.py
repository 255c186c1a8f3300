"""Case generator heldout8 (see its make_cases.py / make_variants.py)."""
