"""Reviewers' scores: each reviewer scores each review criterion of a submission from 1 to 5
(the criteria are the application's ``[review.criteria]`` keys, passed in); the means per
criterion and overall; who has scored what (for "not yet scored by me" and blind review).

The overall mean is the mean of every score given to the submission (all reviewers, all
criteria): when every reviewer scores every criterion it equals the mean of the criterion means.
Functions take an open session and never commit; every change writes an event.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, bindparam, exists, func
from sqlmodel import Session, col, select

from store.models import Score, Submission, utcnow
from store.queue import QueueError, add_event

LOWEST, HIGHEST = 1, 5


class ScoreRefused(QueueError):
    """A score was refused: out of 1-5, for a criterion not configured, or none given."""


@dataclass(frozen=True)
class ScoreSummary:
    """The scores of one submission. ``reviewers`` is how many people scored it; ``mean`` is
    ``None`` when nobody has; ``by_criterion`` holds the mean of each criterion scored (a criterion
    nobody scored is absent)."""

    reviewers: int = 0
    mean: float | None = None
    by_criterion: dict[str, float] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """The number of reviewers who scored (as the queue shows it)."""
        return self.reviewers


@dataclass(frozen=True)
class ReviewerScores:
    """One reviewer's scores of one submission, criterion key -> 1..5."""

    reviewer: str
    scores: dict[str, int]


def scores_visible(*, blind: bool, has_scored: bool) -> bool:
    """Whether a reviewer may see other reviewers' scores and the means: always, unless review is
    blind and they have not scored the submission themselves yet. The one home of that rule."""
    return not blind or has_scored


def set_scores(session: Session, sub: Submission, *, reviewer: str, scores: Mapping[str, int],
               criteria: Collection[str], note: str | None = None) -> list[Score]:
    """Record ``reviewer``'s ``scores`` (criterion key -> 1..5) of ``sub``, replacing their earlier
    score of each criterion given; criteria left out keep their score. Raises
    :class:`ScoreRefused` for an empty mapping, a key not in ``criteria`` or a value outside 1-5
    (nothing is stored then)."""
    if not scores:
        raise ScoreRefused("give a score for at least one criterion")
    for key, value in scores.items():
        if key not in criteria:
            raise ScoreRefused(f"there is no review criterion {key!r}; "
                               f"the criteria are {', '.join(criteria)}")
        if isinstance(value, bool) or not isinstance(value, int) or not LOWEST <= value <= HIGHEST:
            raise ScoreRefused(f"a score is {LOWEST} to {HIGHEST}, not {value!r} (criterion {key})")
    assert sub.id is not None
    mine = {r.criterion: r for r in _rows(session, sub.id, reviewer)}
    previous: dict[str, Any] = {k: mine[k].score for k in scores if k in mine}
    out = []
    for key, value in scores.items():
        row = mine.get(key) or Score(submission_id=sub.id, reviewer=reviewer, criterion=key, score=value)
        row.score, row.at = value, utcnow()
        session.add(row)
        out.append(row)
    add_event(session, sub, "score", actor=reviewer, note=note,
              data={"scores": dict(scores), "previous": previous})
    return out


def _rows(session: Session, submission_id: int, reviewer: str | None = None) -> list[Score]:
    q = select(Score).where(Score.submission_id == submission_id)
    if reviewer is not None:
        q = q.where(Score.reviewer == reviewer)
    return list(session.exec(q.order_by(col(Score.reviewer), col(Score.criterion))).all())


def scores_of(session: Session, sub: Submission) -> list[ReviewerScores]:
    """Every reviewer's scores of ``sub``, by reviewer address; empty when nobody scored."""
    out: dict[str, dict[str, int]] = {}
    for row in _rows(session, sub.id or 0):
        out.setdefault(row.reviewer, {})[row.criterion] = row.score
    return [ReviewerScores(reviewer, scores) for reviewer, scores in out.items()]


def summaries(session: Session, submission_ids: list[int]) -> dict[int, ScoreSummary]:
    """The :class:`ScoreSummary` of each id (two queries); ids nobody scored get an empty one."""
    out = {i: ScoreSummary() for i in submission_ids}
    if not submission_ids:
        return out
    by: dict[int, dict[str, float]] = {}
    for sid, criterion, mean in session.exec(_PER_CRITERION, params={"b_ids": submission_ids}).all():
        by.setdefault(sid, {})[criterion] = float(mean)
    for sid, count, mean in session.exec(_OVERALL, params={"b_ids": submission_ids}).all():
        out[sid] = ScoreSummary(int(count), float(mean), by.get(sid, {}))
    return out


# Built once: the queue page asks both for each of its pages.
_IDS = col(Score.submission_id).in_(bindparam("b_ids", expanding=True))
_OVERALL = (select(Score.submission_id, func.count(func.distinct(Score.reviewer)), func.avg(Score.score))
            .where(_IDS).group_by(col(Score.submission_id)))
_PER_CRITERION = (select(Score.submission_id, Score.criterion, func.avg(Score.score)).where(_IDS)
                  .group_by(col(Score.submission_id), col(Score.criterion)))


def summary(session: Session, sub: Submission) -> ScoreSummary:
    """The :class:`ScoreSummary` of one submission."""
    return summaries(session, [sub.id or 0])[sub.id or 0]


def scored_by(session: Session, submission_ids: list[int], reviewer: str) -> set[int]:
    """The ids among ``submission_ids`` that ``reviewer`` has scored (any criterion)."""
    if not submission_ids:
        return set()
    return set(session.exec(_SCORED_BY, params={"b_ids": submission_ids, "b_reviewer": reviewer}).all())


_SCORED_BY = select(Score.submission_id).where(_IDS, Score.reviewer == bindparam("b_reviewer")).distinct()


def has_scored_condition(reviewer: str) -> ColumnElement[bool]:
    """A condition on :class:`Submission` rows: ``reviewer`` has scored it (any criterion)."""
    return exists(select(Score.id).where(Score.submission_id == Submission.id, Score.reviewer == reviewer))


def mean_column() -> Any:
    """The overall mean score of each :class:`Submission` row, as a correlated subquery for sorting
    (``NULL`` when nobody has scored it)."""
    return (select(func.avg(Score.score)).where(Score.submission_id == Submission.id)
            .correlate(Submission).scalar_subquery())
