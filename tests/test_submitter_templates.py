"""Every sentence a submitter reads comes from templates a folder in the config can override
(``replies.templates_dir``): here the problem sentences of a form with a too-long summary and a
missing answer, through the real pipeline and a real SMTP server (aiosmtpd), in the acknowledgement
and in staff's "changes requested" draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.pipeline import PipelineContext, process
from intake.replies import send_due
from intake.replies.drafts import draft_for
from store.db import Store
from store.queue import get_by_reference, latest_version
from tests.fixtures.forms import form_email
from tests.fixtures.smtp import Sink, reply_config

pytestmark = pytest.mark.usefixtures("database")

OVERRIDE = """{% if code == "over_word_limit" %}
Please trim your {{ name }} from {{ words }} to {{ limit }} words{% if reply %}, and just reply{% endif %}.
{% elif code == "missing" %}
We still need “{{ label }}”.
{% else %}
{{ message }}
{% endif %}
"""


def _text(msg: object) -> str:
    part = msg.get_body(("plain",))  # type: ignore[attr-defined]
    return str(part.get_content())


def test_an_overridden_problem_template_is_what_the_submitter_receives(tmp_path: Path,
                                                                      smtp_sink: Sink) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "problem.txt.j2").write_text(OVERRIDE, encoding="utf-8")
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table(), replies={"templates_dir": str(templates)})
    store = Store.open(config.database_url)
    try:
        result = process(PipelineContext(config, store), form_email(summary="word " * 63, job_title=None),
                         origin="test")
        assert send_due(config, store)["sent"] == 1
        body = _text(smtp_sink.inbox.get(timeout=5).msg)
        assert "Please trim your summary from 63 to 50 words, and just reply." in body
        assert "We still need “Job title / position”." in body
        # The packaged wording is replaced, not added to.
        assert "Reply to this email with a shorter summary" not in body

        with store.session() as s:
            sub = get_by_reference(s, result.reference or "")
            draft = draft_for(config, sub, latest_version(s, sub), "changes_requested")
        assert "- Please trim your summary from 63 to 50 words." in draft.body
    finally:
        store.close()


def test_without_an_override_the_packaged_sentences_are_used(tmp_path: Path, smtp_sink: Sink) -> None:
    config = reply_config(tmp_path, smtp=smtp_sink.smtp_table())
    store = Store.open(config.database_url)
    try:
        process(PipelineContext(config, store), form_email(email="jo@x.org, sam@y.org"), origin="test")
        assert send_due(config, store)["sent"] == 1
        body = " ".join(_text(smtp_sink.inbox.get(timeout=5).msg).split())
        assert ("“jo@x.org, sam@y.org” is not a usable email address (it holds more than one address). "
                "Reply to this email with a corrected email address, in full, like name@example.org.") in body
    finally:
        store.close()
