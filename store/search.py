"""Finding submissions in the review queue: filters, full-text search, sorting and pages.

On SQLite the text search uses the FTS5 table ``submission_fts`` (migration ``0002_web_fts``, kept
in sync by triggers); on PostgreSQL the English ``tsvector`` table ``submission_search`` under a GIN
index (migration ``0003``, also kept by triggers; English stemming, so "libraries" finds "library").
Both read every word as a word prefix. A database created without migrations falls back to
case-insensitive ``LIKE`` over the same columns and the newest version's answers.
Functions take an open session and never commit.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    bindparam,
    cast,
    column,
    exists,
    func,
    literal,
    or_,
    text,
)
from sqlmodel import Session, col, select

from store.models import Submission, SubmissionVersion
from store.queue import QueueError
from store.states import STATUSES

SortKey = Literal["date", "title"]
SORT_KEYS: tuple[str, ...] = ("date", "title")
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
_MAX_TOKENS = 12


@dataclass(frozen=True)
class QueueFilter:
    """What staff asked to see. Every ``None`` (or empty) member means "do not filter on this".

    ``text`` is free text: every word must appear (as a word prefix) in the reference, title,
    organisation, submitter or any answer of the newest version. ``any_words`` keeps submissions
    where at least one of these words or phrases appears (used for theme filters).
    """

    status: str | None = None
    has_problems: bool | None = None
    tag: str | None = None
    text: str | None = None
    any_words: tuple[str, ...] = ()
    assigned_to: str | None = None


@dataclass(frozen=True)
class QueuePage:
    """One page of results. ``page`` counts from 1; ``total`` counts every match."""

    rows: list[Submission]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


def search_queue(session: Session, flt: QueueFilter, *, sort: str = "date", descending: bool = True,
                 page: int = 1, page_size: int = 50) -> QueuePage:
    """The ``page``-th page of submissions matching ``flt``. A page past the end is empty."""
    if sort not in SORT_KEYS:
        raise QueueError(f"unknown sort {sort!r}; expected one of {', '.join(SORT_KEYS)}")
    conditions = _conditions(session, flt)
    total = session.exec(select(func.count()).select_from(Submission).where(*conditions)).one()
    page = max(1, page)
    q = (select(Submission).where(*conditions).order_by(*_ordering(sort, descending))
         .offset((page - 1) * page_size).limit(page_size))
    return QueuePage(rows=list(session.exec(q).all()), total=int(total), page=page, page_size=page_size)


def all_matching(session: Session, flt: QueueFilter, *, sort: str = "date",
                 descending: bool = True) -> list[Submission]:
    """Every submission matching ``flt`` (for exports), in the order asked for."""
    q = select(Submission).where(*_conditions(session, flt)).order_by(*_ordering(sort, descending))
    return list(session.exec(q).all())


def all_tags(session: Session) -> list[str]:
    """Every tag used on some submission, sorted; empty when none."""
    fn = "json_array_elements_text" if session.connection().dialect.name == "postgresql" else "json_each"
    items = getattr(func, fn)(Submission.tags).table_valued("value")
    q = select(items.c.value).select_from(Submission).join(items, literal(True)).distinct()
    found = {str(v) for v in session.exec(q).all() if v is not None}
    return sorted(found, key=str.lower)


SEARCH_TABLES = ("submission_fts", "submission_search")
"""Tables kept by triggers for text search, outside the models (never copied, never compared)."""


def fts_available(session: Session) -> bool:
    """True when the database has its full-text table: SQLite's ``submission_fts`` (FTS5) or
    PostgreSQL's ``submission_search`` (tsvector)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        return conn.execute(text("SELECT to_regclass('submission_search') IS NOT NULL")).scalar() is True
    if conn.dialect.name != "sqlite":
        return False
    row = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'submission_fts'"))
    return row.first() is not None


def tsquery_all_prefixes(tokens: list[str]) -> str:
    """A PostgreSQL ``to_tsquery`` text requiring every token as a word prefix (the twin of
    :func:`fts_all_prefixes`). Each token is quoted, so nothing the user typed is tsquery syntax."""
    return " & ".join(f"{_lexeme(t)}:*" for t in tokens)


def tsquery_any_phrase(phrases: tuple[str, ...]) -> str:
    """A ``to_tsquery`` text matching any of ``phrases`` (words in order, the last a prefix)."""
    out = []
    for phrase in phrases:
        ws = words(phrase)
        if ws:
            out.append("(" + " <-> ".join([*map(_lexeme, ws[:-1]), f"{_lexeme(ws[-1])}:*"]) + ")")
    return " | ".join(out)


def _lexeme(token: str) -> str:
    return "'" + token.replace("'", "''") + "'"


def words(query: str | None) -> list[str]:
    """The words of a free-text query (letters and digits; punctuation separates words); at most 12."""
    return _TOKEN_RE.findall(query or "")[:_MAX_TOKENS]


def fts_all_prefixes(tokens: list[str]) -> str:
    """An FTS5 query requiring every token as a word prefix. Tokens are quoted, so no user input
    is read as FTS5 syntax (``OR``, ``NEAR``, ``*``, column filters)."""
    return " ".join(f'"{t}"*' for t in tokens)


def fts_any_phrase(phrases: tuple[str, ...]) -> str:
    """An FTS5 query matching any of ``phrases``: each a sequence of words in order, the last one
    a word prefix ("volunteer" finds "volunteers")."""
    quoted = [" ".join(words(p)) for p in phrases]
    return " OR ".join(f'"{q}"*' for q in quoted if q)


def _conditions(session: Session, flt: QueueFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if flt.status:
        if flt.status not in STATUSES:
            raise QueueError(f"unknown status {flt.status!r}; expected one of {', '.join(STATUSES)}")
        out.append(col(Submission.status) == flt.status)
    if flt.has_problems is not None:
        problems = col(Submission.problem_count)
        out.append(problems > 0 if flt.has_problems else problems == 0)
    if flt.tag:
        out.append(_has_tag(flt.tag))
    if flt.assigned_to:
        out.append(col(Submission.assigned_to) == flt.assigned_to)
    use_fts = (bool(words(flt.text)) or bool(flt.any_words)) and fts_available(session)
    tokens = words(flt.text)
    pg = session.connection().dialect.name == "postgresql"
    if tokens:
        if use_fts:
            out.append(_tsv(tsquery_all_prefixes(tokens)) if pg else _fts(fts_all_prefixes(tokens)))
        else:
            out.append(_like_all(session, tokens))
    if flt.any_words:
        query = fts_any_phrase(flt.any_words)
        if not query:
            out.append(literal(False))
        elif use_fts:
            out.append(_tsv(tsquery_any_phrase(flt.any_words)) if pg else _fts(query))
        else:
            out.append(_like_any(session, flt.any_words))
    return out


def _has_tag(tag: str) -> ColumnElement[bool]:
    # Tags are a JSON list stored as text by json.dumps on every database; matching the JSON-encoded
    # string (quotes included) finds whole tags only. LIKE wildcards in the tag are escaped.
    needle = json.dumps(tag).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return cast(Submission.tags, String).like(f"%{needle}%", escape="\\")


def _fts(query: str) -> ColumnElement[bool]:
    sub = (text("SELECT rowid FROM submission_fts WHERE submission_fts MATCH :q").bindparams(q=query)
           .columns(column("rowid", Integer)))
    return col(Submission.id).in_(sub.scalar_subquery())


def _tsv(query: str) -> ColumnElement[bool]:
    sub = (text("SELECT submission_id FROM submission_search WHERE document @@ to_tsquery('english', :q)")
           .bindparams(bindparam("q", query, unique=True)).columns(column("submission_id", Integer)))
    return col(Submission.id).in_(sub.scalar_subquery())


def _searchable(session: Session) -> list[Any]:
    return [Submission.reference, Submission.title, Submission.organisation, Submission.submitter_name,
            Submission.submitter_email]


def _answer_matches(session: Session, pattern: str) -> ColumnElement[bool]:
    """True when some answer of the newest version contains ``pattern`` (ILIKE)."""
    fn = "json_each_text" if session.connection().dialect.name == "postgresql" else "json_each"
    pairs = getattr(func, fn)(SubmissionVersion.fields).table_valued("value")
    return exists(
        select(literal(1)).select_from(SubmissionVersion).join(pairs, literal(True))
        .where(SubmissionVersion.submission_id == Submission.id,
               SubmissionVersion.version == Submission.version,
               cast(pairs.c.value, String).ilike(pattern, escape="\\"))
    )


def _like_pattern(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _like_one(session: Session, word: str) -> ColumnElement[bool]:
    pattern = _like_pattern(word)
    return or_(*(cast(c, String).ilike(pattern, escape="\\") for c in _searchable(session)),
               _answer_matches(session, pattern))


def _like_all(session: Session, tokens: list[str]) -> ColumnElement[bool]:
    return and_(*(_like_one(session, t) for t in tokens))


def _like_any(session: Session, phrases: tuple[str, ...]) -> ColumnElement[bool]:
    return or_(*(_like_one(session, " ".join(words(p))) for p in phrases if words(p)))


def _ordering(sort: str, descending: bool) -> list[Any]:
    if sort == "title":
        key = func.lower(func.coalesce(Submission.title, ""))
        return [key.desc() if descending else key.asc(), col(Submission.id).desc()]
    created = col(Submission.created_at)
    ident = col(Submission.id)
    return [created.desc(), ident.desc()] if descending else [created.asc(), ident.asc()]
