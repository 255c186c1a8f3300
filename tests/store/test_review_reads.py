"""The reads the review pages make of many submissions at once."""

from __future__ import annotations

from pathlib import Path

from store import queue as q
from store.db import Store
from store.models import Submission
from store.review import latest_answers, latest_versions


def test_latest_answers_are_the_newest_versions_answers(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'q.db'}")
    with store.session() as s:
        once = q.create_submission(s, q.VersionInput({"title": "Once"}, [], "body", {}, None))
        twice = q.create_submission(s, q.VersionInput({"title": "First"}, [], "body", {}, None))
        q.append_version(s, twice, q.VersionInput({"title": "Second", "summary": None}, [], "body", {}, None))
    with store.session() as s:
        subs = [sub for sub in (s.get(Submission, once.id), s.get(Submission, twice.id)) if sub]
        found = latest_answers(s, subs)
        assert found == {once.id: {"title": "Once"}, twice.id: {"title": "Second", "summary": None}}
        assert found == {i: v.fields for i, v in latest_versions(s, subs).items()}
        assert latest_answers(s, []) == {}
