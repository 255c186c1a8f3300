"""Generated test cases: independently written generators of labelled mail (heldoutN/, variants/)
and the scorer that holds each generated set above its floor (:mod:`tests.cases.scoring`).

Run a generator as a module from the repository root, e.g.
``python -m tests.cases.heldout2.make_cases /tmp/heldout2``.
"""
