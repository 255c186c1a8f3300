"""Scoring of the body reader on reply parsers' own fixtures in the shape of ../shared/peer-suites
(the one home of the rules; ``benchmarks/peer_suites.py`` prints the figures and
``tests/parsers/test_peer_suites.py`` holds each suite to a floor).

Per suite, the share of entries where the reader's new text (and, for talon's signature cases, the
signature) equals what that project's tests pin. Comparison: white space normalised (runs
collapsed, ends stripped); for talon entries whose ``form`` is ``ws_stripped`` or
``ws_stripped_text`` all white space is removed. Talon's HTML expectations are HTML: they are
rendered to text with the same renderer as the input before comparing. Talon's quotation tests
(kinds plain and html) return the reply with its signature, so there new text and signature are
compared together; its signature tests compare the (text, signature) pair.

Any other ``NAME.json`` is a suite of the same shape as github's and zapier's: entries with
``input`` and ``visible`` (the new text the suite pins), where ``"html": true`` says the input is an
HTML body (rendered with :func:`html_to_text` first, as the reader gets it), and ``contains`` /
``absent`` (lists of strings) may stand instead of ``visible`` for a test that pins only parts of
the reply (``contains`` is looked for in the new text and the signature, since suites differ on
where a sign-off goes; ``absent`` in the new text).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parsers.mail.html_text import html_to_text
from parsers.mail.quotes import read_parts

PEER_SUITES = Path(__file__).resolve().parents[2].parent / "shared" / "peer-suites"
"""Where the visible peer suites are when ../shared is present (CI has it; a user's checkout not)."""

Reader = Callable[[str], tuple[str, str | None]]


def read(text: str) -> tuple[str, str | None]:
    """The reader under test: (new text, signature or None)."""
    parts = read_parts(text)
    return parts.new_text, parts.signature


def _norm(text: str | None, form: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if form.startswith("ws_stripped"):
        return re.sub(r"\s+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _talon_ok(entry: dict[str, Any], reader: Reader) -> bool:
    kind, form = entry["kind"], entry["form"]
    source = entry["input"]
    if kind == "html":
        source = html_to_text(source)
        expected: Any = html_to_text(entry["expected"]) if "<" in entry["expected"] else entry["expected"]
    else:
        expected = entry["expected"]
    text, signature = reader(source)
    if kind.startswith("signature"):
        pair = [text, signature]
        if entry["part"] is not None:
            return _norm(pair[entry["part"]], form) == _norm(expected, form)
        return all(_norm(got, form) == _norm(want, form) for got, want in zip(pair, expected, strict=True))
    # Talon's quotation tests keep the signature in the reply they return.
    reply = text + ("\n" + signature if signature else "")
    return _norm(reply, form) == _norm(expected, form)


def _visible_ok(entry: dict[str, Any], reader: Reader) -> bool:
    source = html_to_text(entry["input"]) if entry.get("html") else entry["input"]
    new_text, signature = reader(source)
    text = _norm(new_text, "exact")
    if "visible" in entry:
        return text == _norm(entry["visible"], "exact")
    # Whether a sign-off belongs to the reply or its signature differs between suites, so what a
    # test says the reply holds may be in either; what it says the reply lacks must not be in it.
    kept = _norm(new_text + "\n" + (signature or ""), "exact")
    return all(_norm(want, "exact") in kept for want in entry.get("contains", ())) \
        and not any(_norm(gone, "exact") in text for gone in entry.get("absent", ()))


def score(folder: Path, reader: Reader = read, verbose: bool = False) -> dict[str, tuple[int, int]]:
    """Per suite (by file name without ``.json``): (entries read as pinned, entries). ``verbose``
    prints a FAIL line for each entry read otherwise."""
    results: dict[str, tuple[int, int]] = {}
    for path in sorted(folder.glob("*.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        check = _talon_ok if path.stem == "talon" else _visible_ok
        good = 0
        for entry in entries:
            ok = check(entry, reader)
            good += ok
            if verbose and not ok:
                print(f"  FAIL {path.stem}: {entry.get('id') or entry.get('fixture')}")
        results[path.stem] = (good, len(entries))
    return results
