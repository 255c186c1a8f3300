"""Case generator heldout4 (see its make_cases.py / make_variants.py)."""
