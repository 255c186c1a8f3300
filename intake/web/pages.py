"""What the submission page shows, gathered from the store in one place (so the route stays
small): fields with word counts and problems, where each came from, the original email, versions
and their difference, scores, emails and the audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlmodel import Session

from intake.config import Config
from intake.web.aids import (
    DiffRow,
    ThemeMatcher,
    count_words,
    highlight_impact,
    impact_phrases,
    paragraphs,
    version_diff,
)
from intake.web.common import StaffUser
from intake.web.mailview import MailView, view_message
from intake.web.thread import submission_thread
from store.models import Message, Submission, SubmissionVersion
from store.queue import events, versions
from store.review import attachment_list, list_users, outbox_of
from store.scores import ReviewerScores, ScoreSummary, scores_of, scores_visible, summary


@dataclass
class FieldView:
    """One answer as shown. ``max_words`` is ``None`` without a limit; ``value`` ``None`` when empty."""

    key: str
    label: str
    value: str | None
    paragraphs: list[Markup]
    words: int
    max_words: int | None
    problems: list[str] = field(default_factory=list)
    source: str | None = None

    @property
    def over_limit(self) -> bool:
        return self.max_words is not None and self.words > self.max_words


def source_label(source: str | None) -> str:
    """Where an answer was read, for people: ``attachment:form.docx`` -> "attachment form.docx"."""
    if not source:
        return "unknown"
    parts = source.split(":", 1)
    if parts[0] == "edited" and len(parts) == 2:
        return f"corrected by {parts[1]}"
    names = {"body": "email body", "forwarded": "forwarded email", "attachment": "attachment"}
    if parts[0] == "forwarded" and len(parts) == 2:
        return "forwarded email, " + source_label(parts[1])
    if parts[0] == "attachment" and len(parts) == 2:
        return f"attachment {parts[1]}"
    return names.get(parts[0], source)


def field_views(config: Config, version: SubmissionVersion) -> list[FieldView]:
    """Every field of the form (then any extra keys stored), with counts, problems and sources."""
    by_field: dict[str | None, list[str]] = {}
    for p in version.problems:
        by_field.setdefault(p.get("field"), []).append(str(p.get("message") or p.get("code")))
    keys = config.form.keys + [k for k in version.fields if k not in config.form.keys]
    out: list[FieldView] = []
    for key in keys:
        spec = config.form.get(key)
        raw = version.fields.get(key)
        value = None if raw is None else str(raw)
        out.append(FieldView(key=key, label=spec.label if spec else key, value=value,
                             paragraphs=[highlight_impact(p) for p in paragraphs(value)],
                             words=count_words(value), max_words=spec.max_words if spec else None,
                             problems=by_field.get(key, []),
                             source=source_label(version.field_sources.get(key) or version.source)
                             if value else None))
    return out


def _diff(config: Config, all_versions: list[SubmissionVersion], compare: int | None) -> tuple[
        list[DiffRow], SubmissionVersion | None]:
    if len(all_versions) < 2:
        return [], None
    current = all_versions[-1]
    wanted = compare if compare is not None else current.version - 1
    old = next((v for v in all_versions if v.version == wanted and v is not current), all_versions[-2])
    labels = {f.key: f.label for f in config.form.fields}
    return version_diff(old.fields, current.fields, labels), old


def _mail(s: Session, config: Config, all_versions: list[SubmissionVersion]
          ) -> tuple[Message | None, MailView | None]:
    """The newest stored message among the versions (a version typed in by staff has none)."""
    for version in reversed(all_versions):
        msg = s.get(Message, version.message_row_id) if version.message_row_id is not None else None
        if msg is not None:
            return msg, view_message(msg.raw, config.limits, label=msg.message_id or f"#{msg.id}")
    return None, None


def submission_page(s: Session, config: Config, sub: Submission, *, user: StaffUser, themes: ThemeMatcher,
                    compare: int | None) -> dict[str, Any]:
    """The template context of the submission page."""
    all_versions = versions(s, sub)
    current = all_versions[-1] if all_versions else SubmissionVersion(submission_id=sub.id or 0, version=0)
    diff, old = _diff(config, all_versions, compare)
    msg, mail = _mail(s, config, all_versions)
    text = "\n".join(str(v) for v in current.fields.values() if v)
    return {
        "sub": sub, "version": current, "versions": all_versions, "fields": field_views(config, current),
        "general_problems": [str(p.get("message")) for p in current.problems if not p.get("field")],
        "diff": diff, "diff_old": old, "message": msg, "mail": mail,
        "attachments": attachment_list(s, msg.id) if msg is not None and msg.id is not None else [],
        "events": events(s, sub), "outbox": outbox_of(s, sub),
        **score_context(s, config, sub, user),
        "themes": themes.matches(text),
        "impact": impact_phrases(text), "reviewers": [u.email for u in list_users(s, active_only=True)],
        **_thread(s, config, sub),
    }


def score_context(s: Session, config: Config, sub: Submission, user: StaffUser) -> dict[str, Any]:
    """The scores part of the page. Under blind review a reviewer who has not scored yet gets
    neither the others' scores nor the means (``scores_visible`` False, ``scores`` empty, an empty
    ``score_summary``), so nothing of them reaches the browser. ``criterion_labels`` also names
    criteria scored earlier and no longer configured (by their key)."""
    everyone = scores_of(s, sub)
    mine = next((r.scores for r in everyone if r.reviewer == user.email), {})
    visible = scores_visible(blind=config.review.blind, has_scored=bool(mine))
    shown: list[ReviewerScores] = everyone if visible else []
    labels = dict(config.review.criteria)
    for r in shown:
        labels.update({k: k.replace("_", " ") for k in r.scores if k not in labels})
    return {"criteria": config.review.criteria, "criterion_labels": labels, "my_scores": mine,
            "scores": shown, "scores_visible": visible, "blind": config.review.blind,
            "score_summary": summary(s, sub) if visible else ScoreSummary()}


def _thread(s: Session, config: Config, sub: Submission) -> dict[str, Any]:
    """The submission's emails as one thread, and the newest message that arrived (the one a new
    email to the submitter answers; ``None`` when none is stored)."""
    thread = submission_thread(s, config, sub.id or 0)
    latest = next((i.message for i in reversed(thread) if i.message is not None), None)
    return {"thread": thread, "answer_to": latest}
