"""Word content controls (w:sdt) and legacy form fields (FORMTEXT, FORMDROPDOWN)."""

from __future__ import annotations

from parsers.blocks import Pair, Para, Tagged
from parsers.documents.formats import read_document
from parsers.schema import Limits
from tests.parsers.docx_build import docx_from_xml, formtext, p, run, sdt, tbl, tc, tr

BOLD = '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'


def read(body: str) -> list:
    blocks = read_document("form.docx", "application/octet-stream", docx_from_xml(body), Limits())
    assert blocks is not None
    return blocks


def test_run_level_control_after_an_inline_label_is_a_pair() -> None:
    body = (
        f"<w:p>{BOLD.format('Your name: ')}{sdt(run('Nadia Eriksen'), alias='Your name', tag='name')}</w:p>"
    )
    assert read(body) == [Pair("Your name", "Nadia Eriksen")]


def test_block_control_after_a_bold_label_paragraph_is_a_pair() -> None:
    body = p("Summary of case study (max 50 words)", bold=True) + sdt(
        p("Libraries ran help desks.") + p("895 residents were helped."), alias="Summary", tag="SUMMARY"
    )
    assert read(body) == [
        Pair(
            "Summary of case study (max 50 words)", "Libraries ran help desks.\n\n895 residents were helped."
        )
    ]


def test_control_without_a_visible_label_is_tagged_by_its_alias() -> None:
    body = p("Please fill in the form below.") + sdt(p("Ann Lee"), alias="Your name", tag="txtName")
    assert read(body) == [Para("Please fill in the form below."), Tagged("Your name", "Ann Lee")]


def test_control_tag_names_the_answer_in_words_when_there_is_no_alias() -> None:
    assert read(sdt(p("Librarian"), tag="txtJobTitle")) == [Tagged("Job Title", "Librarian")]


def test_control_showing_its_placeholder_reads_as_none() -> None:
    body = (
        f"<w:p>{BOLD.format('Suggested title for case study: ')}"
        f"{sdt(run('Click or tap here to enter text.'), alias='Title', placeholder=True)}</w:p>"
    )
    assert read(body) == [Pair("Suggested title for case study", None)]


def test_stock_placeholder_text_reads_as_none_even_without_the_flag() -> None:
    assert read(sdt(p("Click here to enter text."), alias="Title")) == [Tagged("Title", None)]


def test_control_in_the_answer_cell_of_a_table_row_pairs_with_the_label_cell() -> None:
    body = tbl(
        tr(tc(p("Your name", bold=True)), tc(sdt(p("Zoë Vaughan"), alias="Your name", tag="name"))),
        tr(
            tc(p("Suggested title", bold=True)),
            tc(sdt(p("Click or tap here to enter text."), alias="Title", placeholder=True)),
        ),
    )
    assert read(body) == [Pair("Your name", "Zoë Vaughan"), Pair("Suggested title", None)]


def test_cell_level_control_wrapping_the_answer_cell_is_read() -> None:
    cell_sdt = sdt(tc(p("Head of Libraries")), alias="Job title")
    body = tbl(tr(tc(p("Job title / position")), cell_sdt))
    assert read(body) == [Pair("Job title / position", "Head of Libraries")]


def test_two_labelled_controls_in_one_paragraph_give_two_pairs() -> None:
    body = (
        f"<w:p>{run('Name: ')}{sdt(run('Ann Lee'), tag='name')}{run('  Email: ')}"
        f"{sdt(run('ann@example.org'), tag='email')}</w:p>"
    )
    assert read(body) == [Pair("Name", "Ann Lee"), Pair("Email", "ann@example.org")]


def test_formtext_gives_the_typed_result_not_the_field_code() -> None:
    body = tbl(tr(tc(p("Your name", bold=True)), tc(f"<w:p>{formtext('Björn Price')}</w:p>")))
    assert read(body) == [Pair("Your name", "Björn Price")]


def test_unfilled_formtext_reads_as_none() -> None:
    body = tbl(tr(tc(p("Your name")), tc(f"<w:p>{formtext(chr(0x2002) * 5)}</w:p>")))
    assert read(body) == [Pair("Your name", None)]


def test_formtext_still_showing_its_default_text_reads_as_none() -> None:
    body = f"<w:p>{run('Email address: ')}{formtext('Type here', default='Type here')}</w:p>"
    assert read(body) == [Pair("Email address", None)]


def test_formtext_without_a_label_is_tagged_by_its_field_name() -> None:
    body = f"<w:p>{formtext('Libraries Connected', name='Organisation')}</w:p>"
    assert read(body) == [Tagged("Organisation", "Libraries Connected")]


def test_formdropdown_gives_the_chosen_entry() -> None:
    dropdown = (
        '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Region"/><w:ddList>'
        '<w:result w:val="1"/><w:listEntry w:val="North"/><w:listEntry w:val="South"/></w:ddList>'
        "</w:ffData></w:fldChar></w:r>"
        '<w:r><w:instrText xml:space="preserve"> FORMDROPDOWN </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    assert read(f"<w:p>{run('Region: ')}{dropdown}</w:p>") == [Pair("Region", "South")]


def test_tick_box_control_is_read_as_plain_text() -> None:
    box = (
        '<w:sdt><w:sdtPr><w:id w:val="1"/><w14:checkbox><w14:checked w14:val="1"/></w14:checkbox>'
        "</w:sdtPr><w:sdtContent><w:r><w:t>☒</w:t></w:r></w:sdtContent></w:sdt>"
    )
    assert read(f"<w:p>{box}{run(' I agree')}</w:p>") == [Para("☒ I agree")]


def test_control_with_a_made_up_name_pairs_with_the_plain_label_before_it() -> None:
    body = p("Suggested title for case study") + sdt(
        p("Books on prescription"), alias="Rich Text Content Control"
    )
    assert read(body) == [Pair("Suggested title for case study", "Books on prescription")]


def test_formtext_named_text1_below_a_plain_label_pairs_with_it() -> None:
    body = p("Your name") + f"<w:p>{formtext('Ann Lee', name='Text1')}</w:p>"
    assert read(body) == [Pair("Your name", "Ann Lee")]


def test_control_with_a_made_up_name_after_a_sentence_reads_as_running_text() -> None:
    body = p("Please write your answers below.") + sdt(p("Ann Lee"), alias="Text2")
    assert read(body) == [Para("Please write your answers below."), Para("Ann Lee")]


def test_meaningful_control_name_wins_over_a_plain_paragraph_before_it() -> None:
    body = p("Ann Lee") + sdt(p("Librarian"), alias="Job title / position")
    assert read(body) == [Para("Ann Lee"), Tagged("Job title / position", "Librarian")]


def test_formtext_showing_its_own_help_or_status_text_reads_as_none() -> None:
    hint = "Type your email address here"
    for tag in ("helpText", "statusText"):
        field = formtext(hint).replace("<w:enabled/>", f'<w:enabled/><w:{tag} w:type="text" w:val="{hint}"/>')
        body = f"<w:p>{run('Email address: ')}{field}</w:p>"
        assert read(body) == [Pair("Email address", None)], tag
