"""parsers.mail.replies.split_body: only the new text of a reply counts; inline forwards are separated."""

from __future__ import annotations

import re

import pytest

from parsers.mail.replies import split_body

FORM = "Your name: Jo Bloggs\nEmail address: jo@example.gov.uk"


def test_drops_quoted_lines_and_on_wrote_attribution() -> None:
    text = f"{FORM}\n\nOn Mon, 3 Feb 2025 at 09:15, Case Studies <cs@example.org> wrote:\n> Your name:\n"
    assert split_body(text).new_text == FORM


def test_recognises_on_wrote_attribution_wrapped_over_two_lines() -> None:
    text = f"{FORM}\n\nOn Mon, 3 Feb 2025 at 09:15, Libraries Advocacy Network <\ncs@example.org> wrote:\n"
    assert split_body(text).new_text == FORM


def test_keeps_new_text_written_below_a_quote() -> None:
    text = "On Mon, 3 Feb 2025, Helen wrote:\n> Please send the form.\n\n" + FORM
    assert split_body(text).new_text == FORM


def test_drops_outlook_header_block_and_everything_below() -> None:
    text = (f"{FORM}\n\n________________________________\nFrom: Case Studies <cs@example.org>\n"
            "Sent: 03 February 2025 09:15\nTo: Jo Bloggs\nSubject: Call for case studies\n\nYour name:\n")
    assert split_body(text, "RE: Call for case studies").new_text == FORM


def test_drops_signature_after_dash_dash_space() -> None:
    text = f"{FORM}\n\n-- \nJo Bloggs\nHead of Libraries\nTel: 01234 567890"
    assert split_body(text).new_text == FORM


@pytest.mark.parametrize("between", ["\n", " "], ids=["headers-on-lines", "headers-run-onto-the-banner"])
def test_reads_gmail_inline_forward_and_its_sender(between: str) -> None:
    # Phones and web mail flatten an HTML forward: the banner, then every header on its line.
    text = (f"Forwarding Fiona's submission.\n\nHelen\n\n---------- Forwarded message ---------{between}"
            f"From: Fiona McAllister <fiona@example.gov.uk>{between}Date: Tue, 11 Mar 2025 at 10:36{between}"
            f"Subject: Case study{between}To: Helen <helen@example.org>\n\n\n" + FORM)
    split = split_body(text, "Fwd: Case study")
    assert split.new_text == "Forwarding Fiona's submission.\n\nHelen"
    assert len(split.forwarded) == 1
    fwd = split.forwarded[0]
    assert (fwd.from_name, fwd.from_addr, fwd.subject, fwd.text) == (
        "Fiona McAllister", "fiona@example.gov.uk", "Case study", FORM)


def test_reads_apple_mail_begin_forwarded_message_with_quoted_body() -> None:
    text = ("See below.\n\nBegin forwarded message:\n\n> From: Fiona <fiona@example.gov.uk>\n"
            "> Subject: Case study\n> Date: 11 March 2025\n>\n> Your name: Jo Bloggs\n"
            "> Email address: jo@example.gov.uk\n")
    fwd = split_body(text).forwarded[0]
    assert fwd.from_addr == "fiona@example.gov.uk"
    assert fwd.text == FORM


def test_reads_outlook_original_message_block_as_forwarded_part() -> None:
    text = ("FYI\n\n-----Original Message-----\nFrom: Jo Bloggs [mailto:jo@example.gov.uk]\n"
            "Sent: 11 March 2025 10:36\nTo: Helen\nSubject: Case study\n\n" + FORM)
    split = split_body(text, "FW: Case study")
    assert split.new_text == "FYI"
    assert split.forwarded[0].from_addr == "jo@example.gov.uk"
    assert split.forwarded[0].text == FORM


def test_outlook_header_block_in_a_forward_is_the_forwarded_part() -> None:
    text = ("Please log this one.\n\nFrom: Jo Bloggs <jo@example.gov.uk>\nSent: 11 March 2025 10:36\n"
            "To: Helen\nSubject: Case study\n\n" + FORM)
    split = split_body(text, "FW: Case study")
    assert split.new_text == "Please log this one."
    assert split.forwarded[0].text == FORM


def test_keeps_quoted_questions_answered_inline_below_each() -> None:
    text = ("Hi Helen,\n\nAnswers below each question.\n\nJo\n\nOn 3 Feb 2025, Helen wrote:\n"
            "> Please complete the form.\n>\n> Your name:\n\nJo Bloggs\n\n> Email address:\n\n"
            "jo@example.gov.uk\n\n> Key lessons learned:\n\nStart small.\n")
    new = split_body(text).new_text
    assert "Your name:\n\nJo Bloggs\n\nEmail address:\n\njo@example.gov.uk" in new
    assert "Key lessons learned:\n\nStart small." in new


def test_an_ordinary_top_quoted_reply_keeps_no_quoted_line() -> None:
    text = "On Mon, 3 Feb 2025, Helen wrote:\n> Please send the form.\n> Your name:\n\n" + FORM
    assert split_body(text).new_text == FORM


def test_reads_the_original_when_the_sender_says_they_answered_below() -> None:
    text = ("Hi Helen,\n\nI've answered in red below.\n\nThanks,\nJo\n\nFrom: Case Studies <cs@example.org>\n"
            "Sent: 03 February 2025 09:15\nTo: Jo Bloggs\nSubject: Call for case studies\n\n"
            "Please complete the form.\n\n" + FORM)
    new = split_body(text, "RE: Call for case studies").new_text
    assert new.endswith("Please complete the form.\n\n" + FORM)
    assert "Sent:" not in new and "Subject:" not in new


def test_a_long_message_that_mentions_answers_below_keeps_its_quote_out() -> None:
    body = "Here are our answers below.\n\n" + "\n".join(f"Line {n} of our own text." for n in range(30))
    text = body + "\n\nOn 3 Feb 2025, Helen wrote:\n> Your name:\n> Email address:\n"
    assert split_body(text).new_text == body


def test_a_long_rule_with_more_of_the_senders_words_and_sign_off_after_it_is_no_signature() -> None:
    """A "_____" or "-----" line between parts of the sender's text (a table's header, the sections
    of a form typed in the body) keeps what follows it; the sign-off after those words starts the
    signature. A rule right above the sender's name and contact lines still starts it."""
    table = ("Dear Jo,\n\nThese services expire soon:\n\nService   Expires   Description\n"
             "--------------------------------------------------\nRegistration  Jun 27  example.org\n\n"
             "If you have any questions, please reply to this e-mail.\n\nSincerely,\nThe Domain Team")
    split = split_body(table)
    assert split.new_text.endswith("If you have any questions, please reply to this e-mail.")
    assert "Registration  Jun 27" in split.new_text and split.signature == "Sincerely,\nThe Domain Team"
    parts = ("Hello Jo,\n\nThis is the first part.\n\n" + "_" * 60 + "\n\nThis is the second part.\n\n"
             "Best regards,\nAnn Example")
    split = split_body(parts)
    assert split.new_text.endswith("This is the second part.")
    assert split.signature == "Best regards,\nAnn Example"
    signed = f"{FORM}\n\nThanks\n\n" + "_" * 32 + "\nJo Bloggs | Head of Libraries\nTel: 01234 567890"
    assert split_body(signed).new_text == f"{FORM}\n\nThanks"


def test_a_delimiter_the_sender_writes_again_between_their_words_is_a_separator() -> None:
    """A signature has one delimiter (sometimes doubled: "--" twice in a row is still one); the
    same line again with words between is how the sender separates parts of their text, so what
    follows it stays. A French webmail's header block ("Message du :", "De :", "Copie à :",
    "Sujet :") under a "====" is a quoted message, not new text; "Download Outlook for Android"
    is a phone's signature."""
    separated = "Part one.\n--\nPart two.\n--\nPart three."
    assert split_body(separated).new_text == separated.replace("--", "-- ")
    doubled = "Hey!\n--\n--\nRegards,\nRoman"
    assert split_body(doubled).new_text == "Hey!"
    french = ("Merci pour votre aide.\n\n====\n\nMessage du : 12/12/2016 13:20\n"
              'De : "Company Questions " <questions@company.com>\nA : jo@example.fr\nCopie à : \n'
              "Sujet :  Votre question\n\nVoici notre réponse, avec tous nos remerciements.\n")
    assert split_body(french).new_text == "Merci pour votre aide."
    android = "See you then.\n\nDownload Outlook for Android<https://aka.ms/ghei36>"
    assert split_body(android).new_text == "See you then."


def test_weighing_a_delimiter_against_the_others_reads_each_line_a_bounded_number_of_times(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A body of nothing but "--" lines: each is weighed against the others (is it written again,
    with words between?) in one pass each way, not a scan per pair of lines (which made 8,000 such
    lines cost seconds). Counted, not timed."""
    from parsers.mail import quotes

    pattern, calls = quotes._DELIMITER, [0]

    class Counting:
        def match(self, text: str) -> re.Match[str] | None:
            calls[0] += 1
            return pattern.match(text)

    monkeypatch.setattr(quotes, "_DELIMITER", Counting())
    lines = 2000
    split = split_body("Hello\n" + "--\n" * lines + "end\n")
    assert split.new_text == "Hello"
    assert calls[0] <= 4 * lines  # about one per line today; a scan per pair was lines ** 2 / 2


def test_a_banner_with_the_header_block_run_onto_its_line_starts_the_quoted_original() -> None:
    # Phones and web mail flatten an HTML reply: the banner, then every header on the same line.
    text = ("Hallo, welches Dokument?\n\n-------- Ursprüngliche Nachricht --------Von: \"Kundenservice\" "
            "<service@shop.example>  Datum: 07.08.24  18:46  (GMT+01:00) An: Betreff: Ihre Rücksendung\n\n"
            "Die Rechnungsnummer zu Ihrer Reklamation:\nHallo Martin,\n")
    split = split_body(text)
    assert split.new_text == "Hallo, welches Dokument?"
    [original] = split.forwarded
    assert (original.is_reply, original.from_addr, original.subject) == (True, "service@shop.example",
                                                                         "Ihre Rücksendung")
    assert original.date == "07.08.24  18:46  (GMT+01:00)"


def test_banner_words_with_more_text_after_them_are_no_banner() -> None:
    # The closing dashes and a sender's header are both needed: prose after a rule stays.
    text = "Notes below.\n\n------ Original --------- thoughts from the meeting follow\n\nWe agreed to go."
    assert split_body(text).new_text == text


def test_a_forwarded_sender_shown_by_name_alone_is_a_name_not_an_address() -> None:
    # Exchange shows a colleague by display name only; the address parser would make "Jo" of it.
    for header, name, addr in (("From: Jo Bloggs", "Jo Bloggs", None),
                               ("From: Jo Bloggs jo@example.gov.uk", "Jo Bloggs", "jo@example.gov.uk"),
                               ('From: "Bloggs, Jo" <jo@example.gov.uk>', "Bloggs, Jo", "jo@example.gov.uk")):
        text = (f"FYI\n\n-----Original Message-----\n{header}\nSent: 11 March 2025 10:36\n"
                f"Subject: Case study\n\n{FORM}")
        [fwd] = split_body(text, "FW: Case study").forwarded
        assert (fwd.from_name, fwd.from_addr) == (name, addr), header


@pytest.mark.parametrize("phone", ["Sent from iPhone", "Sent from my iPhone", "Von meinem iPhone gesendet",
                                   "Get Outlook for Android"])
def test_a_phone_line_above_the_reply_is_not_the_senders_text(phone: str) -> None:
    # Some clients put it at the top, above what the sender typed.
    split = split_body(f"{phone}\n\nHi,\n\nThe form is below.\n\n{FORM}\n\nKate")
    assert split.new_text.startswith("Hi,\n\nThe form is below.") and phone not in split.new_text


def test_a_phone_line_alone_or_in_a_sentence_stays() -> None:
    assert split_body("Sent from my iPhone").new_text == "Sent from my iPhone"
    assert split_body("Sent from my desk, with love\n\nHi").new_text.startswith("Sent from my desk")


def test_a_dated_attribution_that_lost_its_colon_starts_the_quote_above_a_header_or_quote() -> None:
    text = ("Die Ware ist beschädigt.\nVielen Dank im Voraus.\n"
            "Am 20.06.24 um 16:20 schrieb Klarstein Deutschland - Amazon Payments\n"
            'Von: "Klarstein Deutschland"\nDatum: 20. Juni 2024\nAn: [E-Mail-Adresse entfernt]\n\n'
            "Ihre Bestellung")
    split = split_body(text)
    assert split.new_text == "Die Ware ist beschädigt.\nVielen Dank im Voraus."
    assert split_body("Fine.\n\nAm 20.06.24 um 16:20 schrieb Jo Bloggs\n> Is it?").new_text == "Fine."
    # A sentence saying who wrote when, with the writer's own words below it, stays.
    prose = "Thanks\n\nOn 3 March 2025 Jo wrote to the council\n\nThey agreed to meet."
    assert split_body(prose).new_text == prose


def test_forwards_inside_forwards_are_read_to_a_fixed_depth_and_the_rest_kept_whole() -> None:
    from parsers.mail.replies import MAX_FORWARD_DEPTH

    def banner(n: int) -> str:
        return f"---------- Forwarded message ---------\nFrom: P{n} <p{n}@example.org>\n\nnote {n}\n\n"

    split = split_body("Top\n\n" + "".join(banner(n) for n in range(MAX_FORWARD_DEPTH + 3)))
    chain = []
    level = split.forwarded
    while level:
        chain.append(level[0])
        level = level[0].forwarded
    assert [f.from_addr for f in chain] == [f"p{n}@example.org" for n in range(MAX_FORWARD_DEPTH)]
    assert chain[0].text == "note 0" and chain[-1].text.startswith(f"note {MAX_FORWARD_DEPTH - 1}")
    assert f"note {MAX_FORWARD_DEPTH + 2}" in chain[-1].text  # kept whole, unsplit
