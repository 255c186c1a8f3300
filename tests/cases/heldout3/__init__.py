"""Case generator heldout3 (see its make_cases.py / make_variants.py)."""
