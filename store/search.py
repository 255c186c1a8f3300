"""Finding submissions in the review queue: filters, full-text search, sorting and pages.

On SQLite the text search uses the FTS5 table ``submission_fts`` (migration ``0002_web_fts``, kept
in sync by triggers; English stemming with FTS5's porter tokenizer since ``0013_search_stemming``);
on PostgreSQL the English ``tsvector`` table ``submission_search`` under a GIN index (migration
``0003``, also kept by triggers). Both stem English words ("libraries" finds "library"); the last
word typed is also read as a word prefix (it may be unfinished), the words before it as whole words
(a prefix of a word common to most submissions costs a read of every one of them). A database
created without migrations falls back to case-insensitive ``LIKE`` over the same columns and the
newest version's answers.
Functions take an open session and never commit.

Cost at scale: the date order reads the id, and the title order the indexes on its key (migration
``0011_queue_title_order``, alone and after the status), so a page of either costs a page of rows.
On SQLite a newest-first text search reads the FTS5 table in rowid order and stops after a page of
matches; PostgreSQL's planner joins its GIN matches by its statistics. The other text orders
(organisation, submitter, reference, assignee), and a text search in any order but the date,
may still sort every matching row.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, replace
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    column,
    exists,
    func,
    literal,
    literal_column,
    or_,
    table,
    text,
)
from sqlmodel import Session, col, select

from store.models import MAX_ROW_ID, Submission, SubmissionVersion
from store.queue import QueueError, counts_by_status
from store.scores import has_scored_condition, mean_column
from store.states import SORT_KEYS, STATUSES

SortKey = Literal["date", "title", "reference", "organisation", "submitter", "status", "problems", "score",
                  "assigned"]
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
_MAX_TOKENS = 12


@dataclass(frozen=True)
class QueueFilter:
    """What staff asked to see. Every ``None`` (or empty) member means "do not filter on this".

    ``text`` is free text: every word must appear in the reference, title, organisation, submitter
    or any answer of the newest version, the last one as a word prefix (it may be half typed).
    ``any_words`` keeps submissions where at least one of these words or phrases appears (used for
    theme filters).
    ``not_scored_by`` keeps submissions this reviewer has not scored (any criterion).
    """

    status: str | None = None
    has_problems: bool | None = None
    tag: str | None = None
    text: str | None = None
    any_words: tuple[str, ...] = ()
    assigned_to: str | None = None
    not_scored_by: str | None = None


@dataclass(frozen=True)
class QueuePage:
    """One page of results, found by keyset (no OFFSET): ``next_cursor`` is ``None`` on the last
    page, ``prev_cursor`` ``None`` on the first. ``total`` counts every match when that is cheap
    (no filter, or a status alone: read from the queue's tallies); ``None``: not counted."""

    rows: list[Submission]
    page_size: int
    next_cursor: str | None = None
    prev_cursor: str | None = None
    total: int | None = None


def search_queue(session: Session, flt: QueueFilter, *, sort: str = "date", descending: bool = True,
                 after: str | None = None, before: str | None = None, page_size: int = 50) -> QueuePage:
    """The page of submissions matching ``flt`` that follows the row ``after`` names (or, with
    ``before``, the page that precedes the row it names; the first page when both are ``None``).
    Cursors come from an earlier :class:`QueuePage` of the same sort; one that cannot be read (an
    edited link) gives the first page. "date" is the order submissions entered the queue (their id).
    The cost is that of the page and its neighbours, not of the queue: rows are found through an
    index in the sort's order."""
    if sort not in SORT_KEYS:
        raise QueueError(f"unknown sort {sort!r}; expected one of {', '.join(SORT_KEYS)}")
    key = _sort_key(sort, descending)
    conditions = _Where.of(session, flt, by_date=key is None)
    start = decode_cursor(before if before else after, sort)
    backwards = bool(before) and start is not None
    found = _slice(session, conditions, key, descending != backwards, start, page_size + 1)
    more = len(found) > page_size
    found = found[:page_size]
    if backwards:
        found.reverse()
    rows = [sub for sub, _ in found]
    next_cursor = prev_cursor = None
    if found:
        first, last = found[0][1], found[-1][1]
        if (more if not backwards else _slice(session, conditions, key, descending, last, 1)):
            next_cursor = encode_cursor(last)
        if (more if backwards else start is not None
                and _slice(session, conditions, key, not descending, first, 1)):
            prev_cursor = encode_cursor(first)
    return QueuePage(rows=rows, page_size=page_size, next_cursor=next_cursor, prev_cursor=prev_cursor,
                     total=_cheap_total(session, flt))


Cursor = tuple[str | int | float | None, int]
"""A row's place in a sort: its sort key as the database computed it (``None`` in the date sort)
and its id."""


def encode_cursor(cursor: Cursor) -> str:
    """``cursor`` as an opaque URL-safe text."""
    return base64.urlsafe_b64encode(json.dumps(list(cursor)).encode()).decode().rstrip("=")


_TEXT_SORTS = {"title": Submission.title, "reference": Submission.reference,
               "organisation": Submission.organisation, "assigned": Submission.assigned_to}
"""Sorts by a text column, compared case-insensitively with a missing value as ''."""


def decode_cursor(text: str | None, sort: str) -> Cursor | None:
    """The cursor of :func:`encode_cursor`; ``None`` for no text or one that is not a cursor of
    ``sort`` (a link edited by hand)."""
    if not text:
        return None
    try:
        key, ident = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, TypeError):
        return None
    if not isinstance(ident, int) or isinstance(ident, bool) or not 0 <= ident <= MAX_ROW_ID:
        return None
    numeric = isinstance(key, int | float) and not isinstance(key, bool)
    expected = {"date": key is None, "status": isinstance(key, int) and numeric,
                "problems": isinstance(key, int) and numeric, "score": numeric}
    if not expected.get(sort, isinstance(key, str)):
        return None
    return key, ident


def _sort_key(sort: str, descending: bool) -> Any:
    """The SQL expression a sort orders by (then by id), for one direction; ``None`` for "date"
    (the id alone). No key is NULL, so a keyset comparison is a plain tuple comparison, and rows
    without a value (no title, nobody assigned, not scored) come last in both directions: an empty
    text is "1" when ascending and "0" when descending, a text with a value is prefixed the other
    digit; an unscored submission's mean is 6 ascending, 0 descending (scores are 1-5)."""
    if sort == "date":
        return None
    if sort == "status":
        return case({s: n for n, s in enumerate(STATUSES)}, value=col(Submission.status), else_=len(STATUSES))
    if sort == "problems":
        return func.coalesce(col(Submission.problem_count), 0)
    if sort == "score":
        return func.coalesce(mean_column(), 0.0 if descending else 6.0)
    column_ = (func.coalesce(Submission.submitter_name, Submission.submitter_email) if sort == "submitter"
               else _TEXT_SORTS[sort])
    text_ = func.lower(func.trim(func.coalesce(column_, literal_column("''"))))
    empty, valued = ("0", "1") if descending else ("1", "0")
    # Literals written into the SQL, not bound: the title order's indexes (migration
    # 0011_queue_title_order) are on this expression, and a database uses an index on an expression
    # only for the very same expression.
    return case((text_ == literal_column("''"), literal_column(f"'{empty}'", String)),
                else_=literal_column(f"'{valued}'", String).concat(text_))


@dataclass(frozen=True)
class _Where:
    """What a page's rows must match: ``conditions`` on the submission, and ``fts``, the FTS5 query
    of the words typed when SQLite's full-text table is to be read in id order and lead the query
    (the newest-first order: a word in nearly every submission then costs a page of matches, not
    all of them); ``None`` when the words, if any, are among the conditions."""

    conditions: list[ColumnElement[bool]]
    fts: str | None = None

    @classmethod
    def of(cls, session: Session, flt: QueueFilter, *, by_date: bool) -> _Where:
        tokens = words(flt.text)
        if (by_date and tokens and session.connection().dialect.name == "sqlite"
                and fts_available(session)):
            return cls(_conditions(session, replace(flt, text=None)), fts_words(tokens))
        return cls(_conditions(session, flt))


_FTS = table("submission_fts", column("rowid", Integer))


def _slice(session: Session, conditions: _Where, key: Any, descending: bool,
           start: Cursor | None, limit: int) -> list[tuple[Submission, Cursor]]:
    """Up to ``limit`` matching rows strictly beyond ``start`` in the order (key, id), descending
    or ascending, each with its cursor."""
    ident: Any = col(Submission.id) if conditions.fts is None else _FTS.c.rowid
    where = list(conditions.conditions)
    if start is not None:
        if key is None:
            where.append(ident < start[1] if descending else ident > start[1])
        else:
            # (key, id) beyond (k, i), spelled out: SQLite reads an index on the key's expression
            # from k onwards for "key >= k", but not for the row-value comparison.
            k = literal(start[0])
            where.append(and_(key <= k, or_(key < k, ident < start[1])) if descending
                         else and_(key >= k, or_(key > k, ident > start[1])))
    order = [ident.desc() if descending else ident.asc()]
    if key is None:
        q = select(Submission)
        if conditions.fts is not None:
            # The full-text table first, read in its rowid (the submission id) order: SQLite then
            # stops after a page of matches.
            q = (q.select_from(_FTS).join(Submission, col(Submission.id) == _FTS.c.rowid)
                 .where(text("submission_fts MATCH :fts_query").bindparams(fts_query=conditions.fts)))
        found = session.exec(q.where(*where).order_by(*order).limit(limit)).all()
        return [(sub, (None, sub.id or 0)) for sub in found]
    order.insert(0, key.desc() if descending else key.asc())
    rows = session.exec(select(Submission, key).where(*where).order_by(*order).limit(limit)).all()
    return [(sub, (value, sub.id or 0)) for sub, value in rows]


def _cheap_total(session: Session, flt: QueueFilter) -> int | None:
    """Every match, when the tallies know it (no filter, or a status alone); else ``None``."""
    if (flt.has_problems is not None or flt.tag or flt.text or flt.any_words or flt.assigned_to
            or flt.not_scored_by):
        return None
    counts = counts_by_status(session)
    return counts.get(flt.status, 0) if flt.status else sum(counts.values())


def all_matching(session: Session, flt: QueueFilter, *, sort: str = "date",
                 descending: bool = True) -> list[Submission]:
    """Every submission matching ``flt`` (for exports), in the order asked for."""
    q = select(Submission).where(*_conditions(session, flt)).order_by(*_ordering(sort, descending))
    return list(session.exec(q).all())


def all_tags(session: Session) -> list[str]:
    """Every tag used on some submission, sorted; empty when none. Read from the queue's tallies
    (kept by triggers, migration ``0007_queue_indexes_tallies``): the cost is that of the
    tags, not the queue."""
    q = select(column("item", String)).select_from(table("queue_tally")).where(
        column("kind", String) == "tag", column("n", Integer) > 0)
    return sorted((str(v) for v in session.exec(q).all() if v is not None), key=str.lower)


SEARCH_TABLES = ("submission_fts", "submission_search", "queue_tally")
"""Tables kept by triggers (text search, the queue's tallies of statuses and tags), outside the
models (never copied, never compared)."""

EXPRESSION_INDEXES = ("ix_submission_title_asc", "ix_submission_title_desc", "ix_submission_status_title_asc",
                      "ix_submission_status_title_desc", "ix_outbox_to_addr_lower",
                      "ix_submission_email_lower", "ix_submission_reference_upper")
"""Indexes on expressions (the title order's key in each direction, alone and after the status, made
by migration ``0011_queue_title_order``; the intake lookups of ``0012_intake_lookups``), outside the
models: SQLAlchemy cannot reflect them, so they are never compared."""


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


def tsquery_words(tokens: list[str]) -> str:
    """A PostgreSQL ``to_tsquery`` text requiring every token, the last as a word prefix (the twin
    of :func:`fts_words`). Each token is quoted, so nothing the user typed is tsquery syntax."""
    return " & ".join([*map(_lexeme, tokens[:-1]), *(f"{_lexeme(t)}:*" for t in tokens[-1:])])


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


def fts_words(tokens: list[str]) -> str:
    """An FTS5 query requiring every token, the last as a word prefix: only the word being typed
    may be unfinished, and FTS5 gathers every match of a prefix before it returns a row (about
    5 ms for a word in each of 50,000 submissions), a whole word's matches as they are read.
    Tokens are quoted, so no user input is read as FTS5 syntax (``OR``, ``NEAR``, ``*``, column
    filters)."""
    return " ".join([*(f'"{t}"' for t in tokens[:-1]), *(f'"{t}"*' for t in tokens[-1:])])


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
    if flt.not_scored_by:
        out.append(~has_scored_condition(flt.not_scored_by))
    use_fts = (bool(words(flt.text)) or bool(flt.any_words)) and fts_available(session)
    tokens = words(flt.text)
    pg = session.connection().dialect.name == "postgresql"
    if tokens:
        if use_fts:
            out.append(_tsv(tsquery_words(tokens)) if pg else _fts(fts_words(tokens)))
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
    ident = col(Submission.id)
    key = _sort_key(sort, descending)
    order = [ident.desc() if descending else ident.asc()]
    return [key.desc() if descending else key.asc(), *order] if key is not None else order
