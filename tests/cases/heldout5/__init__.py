"""Case generator heldout5 (see its make_cases.py / make_variants.py)."""
