"""full-text search over submissions (SQLite FTS5), kept in sync by triggers

Revision ID: 0002_web_fts
Revises: 0001
Create Date: 2026-11-28 15:00:00

On SQLite a contentful FTS5 table ``submission_fts`` holds, per submission (rowid = submission.id),
its reference, title, organisation, submitter (name and address) and the answers of its newest
version. Triggers keep it in step with whatever code writes the tables, so the worker needs to know
nothing about search. Other databases get nothing here: ``store.search`` falls back to ILIKE there.
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002_web_fts"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The answers of one version as one text: every non-null value of the JSON object, space-separated.
_ANSWERS = "coalesce((SELECT group_concat(j.value, ' ') FROM json_each({fields}) AS j), '')"
_LATEST_ANSWERS = (
    "coalesce((SELECT group_concat(j.value, ' ') FROM submissionversion AS v, json_each(v.fields) AS j "
    "WHERE v.submission_id = {sid} AND v.version = (SELECT max(version) FROM submissionversion "
    "WHERE submission_id = {sid})), '')"
)
_SUBMITTER = "trim(coalesce({r}.submitter_name, '') || ' ' || coalesce({r}.submitter_email, ''))"

# Every statement below is assembled from the constants above only: no outside input (hence S608).
UPGRADE = [  # noqa: S608
    "CREATE VIRTUAL TABLE submission_fts USING fts5("
    "reference, title, organisation, submitter, content, tokenize = 'unicode61 remove_diacritics 2')",
    # A new submission: its row, with the answers if its first version is already there.
    "CREATE TRIGGER submission_fts_ai AFTER INSERT ON submission BEGIN "  # noqa: S608
    "INSERT INTO submission_fts(rowid, reference, title, organisation, submitter, content) VALUES ("
    "new.id, new.reference, coalesce(new.title, ''), coalesce(new.organisation, ''), "
    + _SUBMITTER.format(r="new") + ", " + _LATEST_ANSWERS.format(sid="new.id") + "); END",
    "CREATE TRIGGER submission_fts_au AFTER UPDATE OF reference, title, organisation, submitter_name, "  # noqa: S608
    "submitter_email ON submission BEGIN "
    "UPDATE submission_fts SET reference = new.reference, title = coalesce(new.title, ''), "
    "organisation = coalesce(new.organisation, ''), submitter = " + _SUBMITTER.format(r="new")
    + " WHERE rowid = new.id; END",
    "CREATE TRIGGER submission_fts_ad AFTER DELETE ON submission BEGIN "
    "DELETE FROM submission_fts WHERE rowid = old.id; END",
    # A new version replaces the searchable answers only when it is the newest one.
    "CREATE TRIGGER submission_fts_vi AFTER INSERT ON submissionversion "  # noqa: S608
    "WHEN new.version >= (SELECT max(version) FROM submissionversion "
    "WHERE submission_id = new.submission_id) "
    "BEGIN UPDATE submission_fts SET content = " + _ANSWERS.format(fields="new.fields")
    + " WHERE rowid = new.submission_id; END",
    "CREATE TRIGGER submission_fts_vu AFTER UPDATE OF fields ON submissionversion BEGIN "  # noqa: S608
    "UPDATE submission_fts SET content = " + _LATEST_ANSWERS.format(sid="new.submission_id")
    + " WHERE rowid = new.submission_id; END",
    "CREATE TRIGGER submission_fts_vd AFTER DELETE ON submissionversion BEGIN "  # noqa: S608
    "UPDATE submission_fts SET content = " + _LATEST_ANSWERS.format(sid="old.submission_id")
    + " WHERE rowid = old.submission_id; END",
    # Submissions stored before this revision.
    "INSERT INTO submission_fts(rowid, reference, title, organisation, submitter, content) "  # noqa: S608
    "SELECT s.id, s.reference, coalesce(s.title, ''), coalesce(s.organisation, ''), "
    + _SUBMITTER.format(r="s") + ", " + _LATEST_ANSWERS.format(sid="s.id") + " FROM submission AS s",
]

DOWNGRADE = [
    "DROP TRIGGER IF EXISTS submission_fts_vd",
    "DROP TRIGGER IF EXISTS submission_fts_vu",
    "DROP TRIGGER IF EXISTS submission_fts_vi",
    "DROP TRIGGER IF EXISTS submission_fts_ad",
    "DROP TRIGGER IF EXISTS submission_fts_au",
    "DROP TRIGGER IF EXISTS submission_fts_ai",
    "DROP TABLE IF EXISTS submission_fts",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in DOWNGRADE:
        op.execute(statement)
