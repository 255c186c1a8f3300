"""A blank part (a plain-text grid table's empty cell, as pandoc writes it) never crashes the
hard-wrap joiner: it was an IndexError found by held-out set 11 (h014-pandoc_html)."""

from parsers.form.hard_wrap import unwrap


def test_blank_part_after_a_long_line_is_not_joined_and_does_not_crash() -> None:
    parts = ["A line long enough to reach the wrap width of this text", "   ", "Next"]
    out = unwrap(parts, 40, lambda _line, _first: False)
    assert "Next" in " ".join(out)
