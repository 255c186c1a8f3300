"""parsers.mail.html_text and body_blocks: HTML bodies to text and blocks."""

from __future__ import annotations

from parsers.blocks import Pair, Para
from parsers.mail.body_blocks import text_to_blocks
from parsers.mail.html_text import html_to_text

OUTLOOK = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style><!--
p.MsoNormal {margin:0cm;font-size:11.0pt;} --></style></head>
<body lang=EN-GB><div class=WordSection1>
<p class=MsoNormal>Good afternoon,<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal><b>Your name:</b>&nbsp;Zo&euml; Lindqvist<o:p></o:p></p>
<p class=MsoNormal><b>Email address:</b>&nbsp;<a href="mailto:zoe@example.gov.uk">zoe@example.gov.uk</a></p>
<p class=MsoNormal><b>Key lessons learned (max 100 words):<o:p></o:p></b></p>
<p class=MsoNormal><span lang=EN-GB>Collections can support</span> economic objectives.<o:p></o:p></p>
</div></body></html>"""


def test_outlook_html_renders_labels_and_answers_without_markup_or_nbsp() -> None:
    text = html_to_text(OUTLOOK)
    assert "Your name:\tZo\u00eb Lindqvist" in text
    assert "Email address:\tzoe@example.gov.uk" in text
    assert "Collections can support economic objectives." in text
    assert "MsoNormal" not in text and "\u00a0" not in text


def test_gmail_divs_become_lines_and_br_divs_blank_lines() -> None:
    html = '<div dir="ltr"><div>Your name: Eilidh Fraser</div><div>Job title / position: Manager</div>' \
           '<div><br></div><div>Thanks,</div></div>'
    lines = [ln for ln in html_to_text(html).split("\n")]
    assert "Your name: Eilidh Fraser" in lines and "Job title / position: Manager" in lines
    blocks = text_to_blocks(html_to_text(html))
    assert blocks == [Para("Your name: Eilidh Fraser\nJob title / position: Manager"), Para("Thanks,")]


def test_blockquote_content_becomes_quoted_lines() -> None:
    html = "<div>New text</div><blockquote><div>Your name:</div><div>Email address:</div></blockquote>"
    text = html_to_text(html)
    assert "> Your name:" in text and "> Email address:" in text
    assert "New text" in text.split("\n")


def test_two_column_html_table_becomes_pairs_with_paragraphs_kept() -> None:
    html = ("<table><tr><td><b>Your name</b></td><td>Jo Bloggs</td></tr>"
            "<tr><td>Description</td><td><p>First para.</p><p>Second para.</p></td></tr></table>")
    blocks = text_to_blocks(html_to_text(html))
    assert Pair("Your name", "Jo Bloggs") in blocks
    assert Pair("Description", "First para.\n\nSecond para.") in blocks


def test_empty_html_gives_empty_text() -> None:
    assert html_to_text("   ") == ""


def test_form_inside_a_two_column_layout_table_is_still_read() -> None:
    from parsers.form.fields import extract_fields
    from parsers.schema import DEFAULT_SCHEMA

    html = ("<table><tr><td><img alt='logo'>Exampleshire Council</td><td>"
            "<p>Your name: Jo Bloggs</p><p>Email address: jo@example.gov.uk</p></td></tr></table>")
    fields = extract_fields(text_to_blocks(html_to_text(html)), DEFAULT_SCHEMA).fields
    assert (fields["name"], fields["email"]) == ("Jo Bloggs", "jo@example.gov.uk")


def test_bold_label_without_separator_is_split_from_its_answer() -> None:
    from parsers.form.fields import extract_fields
    from parsers.schema import DEFAULT_SCHEMA

    html = "<p>We <b>increased</b> visits</p><p><b>Name</b> Jo Bloggs</p><p><b>Title</b>&nbsp;Warm spaces</p>"
    text = html_to_text(html)
    assert "We increased" in text and "\t" not in text.split("\n")[0]
    fields = extract_fields(text_to_blocks(text), DEFAULT_SCHEMA).fields
    assert (fields["name"], fields["title"]) == ("Jo Bloggs", "Warm spaces")


def test_a_line_that_is_all_bold_becomes_an_emphasised_paragraph() -> None:
    html = "<p><b>Your name:</b></p><p>Jo Bloggs</p><p>We <b>increased</b> visits</p>"
    blocks = text_to_blocks(html_to_text(html))
    assert blocks[0] == Para("Your name:", emphasis=True)
    assert Para("Jo Bloggs") in blocks and Para("We increased visits") in blocks


def test_an_unknown_bold_question_ends_the_answer_before_it() -> None:
    from parsers.form.fields import extract_fields
    from parsers.schema import DEFAULT_SCHEMA

    html = ("<p><b>Your name</b></p><p>Jo Bloggs</p><p><b>Email address</b></p><p>jo@example.gov.uk</p>"
            "<p><b>Telephone</b></p><p>01234 567890</p><p><b>Key lessons learned</b></p><p>Start small.</p>")
    fields = extract_fields(text_to_blocks(html_to_text(html)), DEFAULT_SCHEMA).fields
    assert fields["email"] == "jo@example.gov.uk"
    assert fields["lessons"] == "Start small."


def test_an_outlook_header_block_in_bold_is_still_a_reply_boundary() -> None:
    from parsers.mail.replies import split_body

    html = ("<p>Your name: Jo</p><p><b>From:</b> Helen &lt;helen@example.org&gt;</p>"
            "<p><b>Sent:</b> 10 March 2025</p><p><b>To:</b> Jo</p><p><b>Subject:</b> Call</p>"
            "<p><b>Your name:</b></p>")
    assert split_body(html_to_text(html)).new_text == "Your name: Jo"


def test_a_blank_answer_cell_is_a_pair_without_answer() -> None:
    html = ("<table><tr><td>Your name</td><td>Jo Bloggs</td></tr>"
            "<tr><td>Job title / position</td><td>&nbsp;</td></tr></table>")
    assert text_to_blocks(html_to_text(html)) == [Pair("Your name", "Jo Bloggs"),
                                                  Pair("Job title / position", None)]


def test_an_xhtml_page_with_its_xml_prolog_reads_like_html() -> None:
    page = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
            '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd"><html xmlns="http://www.w3.org/1999/xhtml">'
            "<head><title>Form</title><style>td { color: red }</style></head><body><table>"
            "<tr><td>Your name</td><td>Zo\u00eb Bloggs</td></tr>"
            "<tr><td>Email address</td><td>zoe@example.org</td></tr>"
            "</table></body></html>")
    assert text_to_blocks(html_to_text(page)) == [Pair("Your name", "Zo\u00eb Bloggs"),
                                                  Pair("Email address", "zoe@example.org")]


def test_a_data_table_past_the_cell_budget_is_read_as_plain_rows_and_a_form_table_after_it_as_pairs() -> None:
    from parsers.mail.html_text import MAX_FORM_CELLS

    rows = MAX_FORM_CELLS // 4 + 1
    data = "<table>" + "".join(f"<tr><td>week {n}</td><td>{n} visits</td><td>open</td><td>late</td></tr>"
                               for n in range(rows)) + "</table>"
    form = ("<table><tr><td>Your name</td><td>Ann Lee</td></tr>"
            "<tr><td>Job title</td><td>Head of libraries</td></tr></table>")
    blocks = text_to_blocks(html_to_text(f"<html><body><p>Figures:</p>{data}{form}</body></html>"))

    assert Para("week 7 7 visits open late") in blocks  # a row of the data table, words in order
    assert not any(isinstance(b, Pair) and b.label.startswith("week") for b in blocks)
    assert Pair("Your name", "Ann Lee") in blocks and Pair("Job title", "Head of libraries") in blocks


def test_a_form_below_markup_nested_deeper_than_the_parser_goes_is_read() -> None:
    # libxml2 stops at 256 levels and drops the rest: a long HTML thread quoted above the form, or an
    # editor's runaway nesting, would have lost every answer below it.
    form = ("<p>Your name: Jo Bloggs</p><p>Email address: jo@example.gov.uk</p>"
            "<table><tr><td>a</td></tr></table>")
    html = (f"<html><head><style>p {{ color: red }}</style><title>Case study</title></head><body>"
            f"{'<blockquote><div>' * 200}Earlier message{'</div></blockquote>' * 200}{form}</body></html>")
    text = html_to_text(html)
    assert "Your name: Jo Bloggs\n\nEmail address: jo@example.gov.uk" in text
    assert text.startswith("Earlier message") and "color" not in text and "Case study" not in text


def test_markup_too_damaged_to_render_still_gives_its_words_a_line_to_each_block() -> None:
    # A style left open runs to the end; character references are read; one block per line.
    from parsers.mail.html_text import _words_of

    assert _words_of("<p>A &amp; B</p><header>H</header><br>C<script>x</script>D<style>p {") == "A & B\nH\nCD"
    assert _words_of("<table><tr><td>Your name</td><td>Jo</td></tr></table>") == "Your name Jo"
    # A letter that lower-casing lengthens ("İ" becomes two) leaves every place after it where it was.
    assert _words_of("<p>İİİİ</p><STYLE>x</STYLE><p>Ahmet</p>") == "İİİİ\n\nAhmet"
