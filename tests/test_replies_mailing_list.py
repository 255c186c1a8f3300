"""A submission relayed by a mailing list or a Google Group is a submission; its acknowledgement
goes to the original author, never to the list (RFC 3834 section 2); with no author's address,
staff are told why no acknowledgement went. Messages composed by mutt, delivered by aiosmtpd."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from intake.pipeline import PipelineContext, process
from intake.replies import send_due
from store.db import Store
from store.models import Event
from tests.fixtures.mailers import mutt_message
from tests.fixtures.smtp import Sink, reply_config

FORM = ("Your name: Jane Okafor\nJob title / position: Head of Libraries\n"
        "Email address: jane.okafor@northbridge.example.org\n"
        "Name of library service/local authority: Northbridge Libraries\n"
        "Suggested title for case study: Story walks\n"
        "Summary of case study (max 50 words): We ran story walks in three parks.\n"
        "Description of the project / initiative / approach (max 750 words): We walked and read.\n"
        "Key lessons learned (max 100 words): Start small.\n\nBest wishes,\nJane\n\n"
        "-- \nYou received this message because you are subscribed to the Google Groups \"Case studies\" "
        "group.\nTo unsubscribe from this group and stop receiving emails from it, send an email to "
        "casestudies+unsubscribe@googlegroups.com.\n")


def _group_post(tmp_path: Path, *headers: str, sender: str) -> bytes:
    return mutt_message(tmp_path / "mutt", "Case study submission", FORM, sender=sender,
                        headers=dict(h.split(": ", 1) for h in headers))


def _skipped_notes(store: Store) -> list[str | None]:
    with store.session() as s:
        return [e.note for e in s.exec(select(Event).where(Event.action == "acknowledgement_skipped"))]


def test_a_google_group_post_is_acknowledged_to_its_author_not_the_group(tmp_path: Path,
                                                                          smtp_sink: Sink) -> None:
    raw = _group_post(tmp_path, "List-Id: <casestudies.googlegroups.com>", "Precedence: list",
                      "X-Original-From: Jane Okafor <jane.okafor@northbridge.example.org>",
                      "Reply-To: Jane Okafor <jane.okafor@northbridge.example.org>",
                      "List-Post: <https://groups.google.com/group/casestudies/post>, "
                      "<mailto:casestudies@googlegroups.com>",
                      sender="'Jane Okafor' via Case studies <casestudies@googlegroups.com>")
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    store = Store.open(config.database_url)
    result = process(PipelineContext(config, store), raw, origin="test")
    assert result.status == "submission" and result.reference
    assert send_due(config, store)["sent"] == 1
    ack = smtp_sink.inbox.get(timeout=5)
    assert ack.msg["To"] == "Jane Okafor <jane.okafor@northbridge.example.org>"
    assert [r.lower() for r in ack.rcpt_tos] == ["jane.okafor@northbridge.example.org"]
    assert smtp_sink.inbox.empty()
    assert _skipped_notes(store) == []
    store.close()


def test_a_list_post_with_only_the_lists_address_is_not_acknowledged_and_staff_are_told(
        tmp_path: Path, smtp_sink: Sink) -> None:
    raw = _group_post(tmp_path, "List-Id: Case studies <cases.lists.example.org>", "Precedence: list",
                      "Reply-To: cases@lists.example.org", "List-Post: <mailto:cases@lists.example.org>",
                      sender="Case studies list <cases@lists.example.org>")
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    store = Store.open(config.database_url)
    result = process(PipelineContext(config, store), raw, origin="test")
    assert result.status == "submission"
    assert send_due(config, store)["sent"] == 0 and smtp_sink.inbox.empty()
    assert _skipped_notes(store) == ["mailing_list_no_author"]
    store.close()


def test_a_newsletter_from_a_list_is_still_not_a_submission(tmp_path: Path, smtp_sink: Sink) -> None:
    body = "SPOTLIGHT\nSummary: Three authorities explain.\nLessons learned: start early.\nTitle: News\n"
    raw = mutt_message(tmp_path / "mutt", "Library news", body, sender="news@lists.example.org",
                       headers={"List-Id": "<news.lists.example.org>", "Precedence": "list"})
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    store = Store.open(config.database_url)
    result = process(PipelineContext(config, store), raw, origin="test")
    assert result.status != "submission"
    assert send_due(config, store)["sent"] == 0 and smtp_sink.inbox.empty()
    store.close()
