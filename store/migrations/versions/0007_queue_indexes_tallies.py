"""indexes for keyset pages of the queue, and the queue's tallies kept by triggers

Revision ID: 0007_queue_indexes_tallies
Revises: 0006_account_links_notifications
Create Date: 2026-12-02 01:20:00

The queue is read a page at a time in (status, id), (assigned_to, id) and (lower title, id) order,
so each has an index. ``queue_tally`` holds, per status and per tag, how many submissions have it
(``kind`` 'status' or 'tag', ``item`` the status or tag, ``n`` the count), kept by triggers on
``submission`` whatever code writes it: the queue page's status counts and tag list cost the
number of statuses and tags, not of submissions. Like the search tables it lives outside the
models and is never copied (a copy's target fills its own).
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_queue_indexes_tallies"
down_revision: str | Sequence[str] | None = "0006_account_links_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TALLY = ("CREATE TABLE queue_tally (kind VARCHAR(16) NOT NULL, item VARCHAR(320) NOT NULL, "
         "n INTEGER NOT NULL, PRIMARY KEY (kind, item))")
FILL = [
    "INSERT INTO queue_tally (kind, item, n) SELECT 'status', status, count(*) FROM submission GROUP BY status",
]
_UP = "ON CONFLICT (kind, item) DO UPDATE SET n = queue_tally.n + 1"

# SQLite: json_each over the JSON text of the tags. "WHERE true" lets the parser read the upsert.
SQLITE = [
    "INSERT INTO queue_tally (kind, item, n) SELECT 'tag', j.value, count(*) FROM submission AS s, "
    "json_each(s.tags) AS j WHERE true GROUP BY j.value",
    "CREATE TRIGGER queue_tally_ai AFTER INSERT ON submission BEGIN "
    f"INSERT INTO queue_tally (kind, item, n) VALUES ('status', new.status, 1) {_UP}; "
    f"INSERT INTO queue_tally (kind, item, n) SELECT 'tag', value, 1 FROM json_each(new.tags) WHERE true {_UP}; "
    "END",
    "CREATE TRIGGER queue_tally_au AFTER UPDATE OF status, tags ON submission BEGIN "
    "UPDATE queue_tally SET n = n - 1 WHERE kind = 'status' AND item = old.status; "
    f"INSERT INTO queue_tally (kind, item, n) VALUES ('status', new.status, 1) {_UP}; "
    "UPDATE queue_tally SET n = n - 1 WHERE kind = 'tag' AND item IN (SELECT value FROM json_each(old.tags)); "
    f"INSERT INTO queue_tally (kind, item, n) SELECT 'tag', value, 1 FROM json_each(new.tags) WHERE true {_UP}; "
    "END",
    "CREATE TRIGGER queue_tally_ad AFTER DELETE ON submission BEGIN "
    "UPDATE queue_tally SET n = n - 1 WHERE kind = 'status' AND item = old.status; "
    "UPDATE queue_tally SET n = n - 1 WHERE kind = 'tag' AND item IN (SELECT value FROM json_each(old.tags)); "
    "END",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS queue_tally_ad", "DROP TRIGGER IF EXISTS queue_tally_au",
               "DROP TRIGGER IF EXISTS queue_tally_ai"]

PG = [
    "INSERT INTO queue_tally (kind, item, n) SELECT 'tag', j.value, count(*) FROM submission AS s, "
    "json_array_elements_text(s.tags) AS j(value) GROUP BY j.value",
    """CREATE FUNCTION queue_tally_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE queue_tally SET n = n - 1 WHERE kind = 'status' AND item = OLD.status;
            UPDATE queue_tally SET n = n - 1 WHERE kind = 'tag'
                AND item IN (SELECT json_array_elements_text(OLD.tags));
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO queue_tally (kind, item, n) VALUES ('status', NEW.status, 1)
                ON CONFLICT (kind, item) DO UPDATE SET n = queue_tally.n + 1;
            INSERT INTO queue_tally (kind, item, n)
                SELECT 'tag', t, 1 FROM json_array_elements_text(NEW.tags) AS t
                ON CONFLICT (kind, item) DO UPDATE SET n = queue_tally.n + 1;
        END IF;
        RETURN NULL;
    END
    $$""",
    "CREATE TRIGGER queue_tally_ins_del AFTER INSERT OR DELETE ON submission "
    "FOR EACH ROW EXECUTE FUNCTION queue_tally_trigger()",
    "CREATE TRIGGER queue_tally_upd AFTER UPDATE OF status, tags ON submission "
    "FOR EACH ROW EXECUTE FUNCTION queue_tally_trigger()",
]
PG_DOWN = ["DROP TRIGGER IF EXISTS queue_tally_upd ON submission",
           "DROP TRIGGER IF EXISTS queue_tally_ins_del ON submission",
           "DROP FUNCTION IF EXISTS queue_tally_trigger()"]


def upgrade() -> None:
    op.create_index("ix_submission_status_id", "submission", ["status", "id"])
    op.create_index("ix_submission_assigned_id", "submission", ["assigned_to", "id"])
    op.create_index("ix_submission_title_key", "submission",
                    [sa.text("lower(coalesce(title, ''))"), "id"])
    op.execute(TALLY)
    for statement in [*FILL, *(PG if op.get_bind().dialect.name == "postgresql" else SQLITE)]:
        op.execute(statement)


def downgrade() -> None:
    for statement in PG_DOWN if op.get_bind().dialect.name == "postgresql" else SQLITE_DOWN:
        op.execute(statement)
    op.execute("DROP TABLE IF EXISTS queue_tally")
    op.drop_index("ix_submission_title_key", table_name="submission")
    op.drop_index("ix_submission_assigned_id", table_name="submission")
    op.drop_index("ix_submission_status_id", table_name="submission")
