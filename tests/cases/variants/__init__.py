"""Case generator variants (see its make_cases.py / make_variants.py)."""
