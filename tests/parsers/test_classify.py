"""parsers.classify and extract_message: what is not a submission yields no fields and no problems."""

from __future__ import annotations

import pytest

from parsers.extract import extract_message
from tests.parsers.forms import inline_form, message, raw_message


def assert_not_submission(raw: bytes, reason: str) -> None:
    result = extract_message(raw)
    assert result.kind == "not_submission"
    assert result.reason == reason
    assert all(v is None for v in result.fields.values())
    assert result.problems == []
    assert result.source is None


@pytest.mark.parametrize("headers", [
    {"Auto-Submitted": "auto-replied"}, {"X-Autoreply": "yes"}, {"Precedence": "auto_reply"},
])
def test_out_of_office_by_header_is_an_auto_reply(headers: dict[str, str]) -> None:
    msg = message("I am out of the office until Monday.", subject="Re: Call for case studies",
                  headers=headers)
    assert_not_submission(msg.as_bytes(), "auto_reply")


@pytest.mark.parametrize("subject", ["Automatic reply: Call for case studies", "Out of Office: back Monday",
                                     "Auto: Call for case studies"])
def test_out_of_office_by_subject_is_an_auto_reply(subject: str) -> None:
    assert_not_submission(message("Away until Monday.", subject=subject).as_bytes(), "auto_reply")


def test_auto_reply_quoting_a_whole_form_is_still_an_auto_reply() -> None:
    msg = message("Away.\n\n" + inline_form(), headers={"Auto-Submitted": "auto-replied"})
    result = extract_message(msg.as_bytes())
    assert (result.kind, result.auto_reply) == ("not_submission", True)


def test_delivery_report_is_a_bounce() -> None:
    raw = raw_message("""
From: Mail Delivery System <MAILER-DAEMON@example.org>
Subject: Undelivered Mail Returned to Sender
Content-Type: multipart/report; report-type=delivery-status; boundary="b"
""", b"--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n--b--\r\n")
    assert_not_submission(raw, "bounce")


def test_postmaster_sender_is_a_bounce() -> None:
    msg = message("Delivery failed", sender="postmaster@example.org", subject="Delivery failure")
    assert_not_submission(msg.as_bytes(), "bounce")


@pytest.mark.parametrize("headers", [
    {"List-Unsubscribe": "<mailto:unsubscribe@example.org>"}, {"List-Id": "<news.example.org>"},
    {"Precedence": "bulk"},
])
def test_newsletter_with_form_like_headings_is_bulk(headers: dict[str, str]) -> None:
    body = "SPOTLIGHT\nSummary: Three authorities explain.\nLessons learned: start early.\nTitle: News"
    assert_not_submission(message(body, headers=headers).as_bytes(), "bulk")


def test_question_mentioning_labels_is_not_a_submission() -> None:
    body = ("Dear Helen,\n\nIs the Summary (max 50 words) a strict limit? And can the Description run to "
            "800 words?\n\nThanks,\nFiona")
    assert_not_submission(message(body).as_bytes(), "question")


def test_message_with_no_text_and_no_attachment_is_empty() -> None:
    assert_not_submission(message("").as_bytes(), "empty")


def test_a_filled_form_is_a_submission() -> None:
    result = extract_message(message(inline_form()).as_bytes())
    assert (result.kind, result.reason, result.auto_reply) == ("submission", None, False)


def test_out_of_office_written_without_headers_is_an_auto_reply() -> None:
    body = ("Thank you for your email. I am currently out of the office until 14 April with limited "
            "access to email.")
    assert_not_submission(message(body, subject="Re: Call for case studies").as_bytes(), "auto_reply")


def test_mailing_with_unsubscribe_link_but_no_list_headers_is_bulk() -> None:
    body = "Library news this month.\n\nSummary: events.\n\nTo unsubscribe click here."
    assert_not_submission(message(body).as_bytes(), "bulk")


def test_mailing_featuring_a_case_study_under_form_headings_is_bulk() -> None:
    body = ("LIBRARY NEWS\n\nTitle: Family hubs\nSummary: Three authorities explain.\n"
            "Description: Long story.\nKey lessons: Start early.\n\n"
            "View this email in your browser | Unsubscribe")
    assert_not_submission(message(body).as_bytes(), "bulk")
