"""mailbox leases, worker presence, and PostgreSQL full-text search (tsvector + GIN)

Revision ID: 0003_leases_pg_search
Revises: 0002_web_fts
Create Date: 2026-12-01 22:30:00

``mailboxlease`` and ``workerpresence`` let several workers share one database (store.leases).

On PostgreSQL a table ``submission_search`` holds one English ``tsvector`` per submission (its
reference, title, organisation, submitter and the answers of its newest version) under a GIN
index, kept in step by triggers, as SQLite's FTS5 table of 0002 is; store.search reads either.
Punctuation separates words before PostgreSQL's parser sees the text, as in FTS5's unicode61
tokenizer and the query side (``CS-2026-0001`` is the words ``cs``, ``2026``, ``0001``).
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003_leases_pg_search"
down_revision: str | Sequence[str] | None = "0002_web_fts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_UPGRADE = [
    "CREATE TABLE submission_search (submission_id integer PRIMARY KEY REFERENCES submission(id) "
    "ON DELETE CASCADE, document tsvector NOT NULL)",
    "CREATE INDEX submission_search_document ON submission_search USING GIN (document)",
    """CREATE FUNCTION submission_search_refresh(sid integer) RETURNS void LANGUAGE sql AS $$
    INSERT INTO submission_search (submission_id, document)
    SELECT s.id, to_tsvector('english', regexp_replace(concat_ws(' ', s.reference, s.title,
        s.organisation, s.submitter_name, s.submitter_email,
        (SELECT string_agg(j.value, ' ') FROM submissionversion AS v, json_each_text(v.fields) AS j
         WHERE v.submission_id = s.id
           AND v.version = (SELECT max(version) FROM submissionversion WHERE submission_id = s.id))),
        '[[:punct:]]+', ' ', 'g'))
    FROM submission AS s WHERE s.id = sid
    ON CONFLICT (submission_id) DO UPDATE SET document = excluded.document
    $$""",
    """CREATE FUNCTION submission_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'submission' THEN
            PERFORM submission_search_refresh(NEW.id);
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM submission_search_refresh(OLD.submission_id);
            RETURN OLD;
        ELSE
            PERFORM submission_search_refresh(NEW.submission_id);
        END IF;
        RETURN NEW;
    END
    $$""",
    "CREATE TRIGGER submission_search_s AFTER INSERT OR UPDATE OF reference, title, organisation, "
    "submitter_name, submitter_email ON submission FOR EACH ROW EXECUTE FUNCTION submission_search_trigger()",
    "CREATE TRIGGER submission_search_v AFTER INSERT OR UPDATE OR DELETE ON submissionversion "
    "FOR EACH ROW EXECUTE FUNCTION submission_search_trigger()",
    "SELECT submission_search_refresh(id) FROM submission",
]

PG_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS submission_search_v ON submissionversion",
    "DROP TRIGGER IF EXISTS submission_search_s ON submission",
    "DROP FUNCTION IF EXISTS submission_search_trigger()",
    "DROP FUNCTION IF EXISTS submission_search_refresh(integer)",
    "DROP TABLE IF EXISTS submission_search",
]


def upgrade() -> None:
    op.create_table('mailboxlease',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('holder', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.Column('taken_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('workerpresence',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('started_at', sa.Float(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_DOWNGRADE:
            op.execute(statement)
    op.drop_table('workerpresence')
    op.drop_table('mailboxlease')
