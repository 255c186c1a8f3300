"""parsers.mail.html_text.html_to_text: quoted HTML (blockquotes as mail programs write them) becomes
quoted lines, so the body reader leaves it out."""

from __future__ import annotations

from parsers.mail.html_text import html_to_text
from parsers.mail.quotes import read_parts


def test_text_at_the_start_of_a_blockquote_is_quoted() -> None:
    html = ('<div dir="ltr">Form attached.</div><blockquote class="gmail_quote">Hi Jo,<br><br>'
            "Please send the form.<br></blockquote>")
    assert "> Hi Jo," in html_to_text(html)
    assert read_parts(html_to_text(html)).new_text == "Form attached."


def test_a_bare_blockquote_below_the_reply_is_left_out() -> None:
    html = "Form attached.<br><div><br></div><blockquote>Please send the form.</blockquote>"
    assert read_parts(html_to_text(html)).new_text == "Form attached."
