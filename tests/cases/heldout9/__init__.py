"""Case generator heldout9 (see its make_cases.py / make_variants.py)."""
