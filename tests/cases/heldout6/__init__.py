"""Case generator heldout6 (see its make_cases.py / make_variants.py)."""
