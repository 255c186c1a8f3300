"""``intake queue assign|score|tag|note|search|export``: what a reviewer does in the web app,
at the terminal, through the same store operations (``store.review``, ``store.scores``,
``store.search``) and the same export writer (``intake.web.exports``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from intake.commands.common import ConfigOption, cli_actor, console, fail, state
from intake.commands.core import JsonOption, clean
from store.states import SORT_KEYS, STATUSES

if TYPE_CHECKING:  # the database is loaded by the commands that use it
    from store.search import QueueFilter

RefArg = Annotated[str, typer.Argument(help="A reference such as CS-2026-0001.")]
NoteOption = Annotated[str | None, typer.Option("--note", "-n", help="Why (kept in the history).")]


def register(queue_app: typer.Typer) -> None:
    """Add these commands to ``intake queue``."""
    for name, fn in (("assign", queue_assign), ("score", queue_score), ("tag", queue_tag),
                     ("note", queue_note), ("search", queue_search), ("export", queue_export)):
        queue_app.command(name)(fn)


def queue_assign(
    ctx: typer.Context, reference: RefArg,
    reviewer: Annotated[str | None, typer.Argument(help="The staff account's address; leave out with "
                                                   "--clear.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Assign to nobody.")] = False,
    note: NoteOption = None, config: ConfigOption = None,
) -> None:
    """Assign a submission to a reviewer (an active staff account), or to nobody with --clear."""
    from store import queue as q
    from store.review import assign

    st = state(ctx, config)
    if (reviewer is None) == (not clear):
        raise fail("name the reviewer's address, or give --clear to assign to nobody (not both)")
    with clean(), st.store.session() as s:
        sub = q.get_by_reference(s, reference)
        assign(s, sub, reviewer, actor=cli_actor(), note=note)
        ref = sub.reference
    console().print(f"{ref}: assigned to {reviewer or 'nobody'}", markup=False)


def queue_score(
    ctx: typer.Context, reference: RefArg,
    scores: Annotated[list[str], typer.Argument(help="CRITERION=SCORE pairs, e.g. relevance=4 "
                                                "(criteria from [review.criteria]; 1 to 5).")],
    reviewer: Annotated[str, typer.Option("--reviewer", "-r", help="Whose scores: an active staff "
                                          "account's address.")],
    note: NoteOption = None, config: ConfigOption = None,
) -> None:
    """Record a reviewer's scores of some or all criteria of a submission (others keep theirs)."""
    from store import queue as q
    from store.review import active_user
    from store.scores import set_scores

    st = state(ctx, config)
    criteria = st.config.review.criteria
    given = _pairs(scores, criteria)
    with clean(), st.store.session() as s:
        if active_user(s, reviewer) is None:
            raise fail(f"no active staff account {reviewer} (see intake user list)")
        sub = q.get_by_reference(s, reference)
        set_scores(s, sub, reviewer=reviewer.strip().lower(), scores=given, criteria=criteria, note=note)
        ref = sub.reference
    console().print(f"{ref}: scores of {reviewer}: " + ", ".join(f"{k}={v}" for k, v in given.items()),
                    markup=False)


def _pairs(items: list[str], criteria: dict[str, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not value.strip().isdigit():
            raise fail(f"{item!r}: expected CRITERION=SCORE such as relevance=4; the criteria are "
                       f"{', '.join(criteria)}")
        out[key.strip()] = int(value)
    return out


def queue_tag(
    ctx: typer.Context, reference: RefArg, tag: Annotated[str, typer.Argument(help="The tag.")],
    remove: Annotated[bool, typer.Option("--remove", help="Remove the tag instead.")] = False,
    note: NoteOption = None, config: ConfigOption = None,
) -> None:
    """Add a tag to a submission (or remove it with --remove)."""
    from store import queue as q
    from store.review import add_tag, remove_tag

    st = state(ctx, config)
    with clean(), st.store.session() as s:
        sub = q.get_by_reference(s, reference)
        changed = (remove_tag if remove else add_tag)(s, sub, tag, actor=cli_actor(), note=note)
        ref, tags = sub.reference, list(sub.tags or [])
    verb, unchanged = ("removed", "it was not there") if remove else ("added", "it was already there")
    said = f"{ref}: tag {verb}" if changed else f"{ref}: nothing changed ({unchanged})"
    console().print(said, markup=False)
    console().print(f"tags: {', '.join(tags) or 'none'}", markup=False)


def queue_note(
    ctx: typer.Context, reference: RefArg,
    text: Annotated[str, typer.Argument(help="The note for the team (kept in the history).")],
    config: ConfigOption = None,
) -> None:
    """Add a note for the team to a submission's history."""
    from store import queue as q

    st = state(ctx, config)
    if not text.strip():
        raise fail("the note is empty")
    with clean(), st.store.session() as s:
        sub = q.get_by_reference(s, reference)
        q.add_event(s, sub, "note", actor=cli_actor(), note=text.strip())
        ref = sub.reference
    console().print(f"{ref}: note added", markup=False)


def _filter(words: list[str] | None, status: str | None, assigned: str | None, tag: str | None,
            not_scored_by: str | None) -> QueueFilter:
    from store.search import QueueFilter

    if status and status not in STATUSES:
        raise fail(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    return QueueFilter(status=status, text=" ".join(words or []) or None, assigned_to=assigned, tag=tag,
                       not_scored_by=not_scored_by)


StatusOption = Annotated[str | None, typer.Option("--status", "-s", help=f"One of: {', '.join(STATUSES)}.")]


def queue_search(
    ctx: typer.Context,
    words: Annotated[list[str] | None, typer.Argument(help="Words that must all appear (as word starts) "
                                                      "in the title, organisation, submitter or an answer.")]
    = None,
    status: StatusOption = None,
    assigned: Annotated[str | None, typer.Option("--assigned", help="Assigned to this address.")] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Carrying this tag.")] = None,
    not_scored_by: Annotated[str | None, typer.Option("--not-scored-by", help="Not yet scored by this "
                                                      "reviewer.")] = None,
    sort: Annotated[str, typer.Option("--sort", help=f"One of: {', '.join(SORT_KEYS)}.")] = "date",
    descending: Annotated[bool, typer.Option("--desc/--asc", help="Direction.")] = True,
    as_json: JsonOption = False, config: ConfigOption = None,
) -> None:
    """Find submissions by words and filters, as the queue page does."""
    from intake.commands.queue import print_rows
    from store import queue as q
    from store.search import all_matching

    st = state(ctx, config)
    if sort not in SORT_KEYS:
        raise fail(f"unknown sort {sort!r}; expected one of {', '.join(SORT_KEYS)}")
    flt = _filter(words, status, assigned, tag, not_scored_by)
    with clean(), st.store.session() as s:
        found = all_matching(s, flt, sort=sort, descending=descending)
        if as_json:
            import json

            typer.echo(json.dumps([q.submission_view(sub) for sub in found], ensure_ascii=False, indent=2))
            return
        print_rows(s, found, f"{len(found)} submission{'s' * (len(found) != 1)} found")


def queue_export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Argument(help="The file to write: .csv (the queue, with the filters "
                                           "below) or .docx (the accepted case studies).")],
    status: StatusOption = None,
    config: ConfigOption = None,
) -> None:
    """Write the queue as CSV or the accepted case studies as a Word document, as the web app's
    downloads are made (every score is included: the terminal is the operator's)."""
    from intake.web.aids import ThemeMatcher, themes_in_force
    from intake.web.exports import accepted_docx, queue_csv, queue_rows
    from store.review import accepted_with_versions
    from store.search import all_matching

    st = state(ctx, config)
    cfg = st.config
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".docx"):
        raise fail(f"{output}: the file name must end in .csv or .docx")
    with clean(), st.store.session() as s:
        if suffix == ".csv":
            subs = all_matching(s, _filter(None, status, None, None, None), sort="date", descending=True)
            rows = queue_rows(s, subs, ThemeMatcher(themes_in_force(cfg.review.themes)))
            data = ("\ufeff" + queue_csv(rows, cfg.form, cfg.review.criteria)).encode("utf-8")
            count = len(rows)
        else:
            if status:
                raise fail("--status goes with a .csv export; the Word document holds the accepted ones")
            items = accepted_with_versions(s)
            data = accepted_docx(items, cfg.form, heading="Accepted case studies", author=cfg.smtp.from_name)
            count = len(items)
    try:
        output.write_bytes(data)
    except OSError as err:
        raise fail(f"cannot write {output}: {err.strerror}") from None
    console().print(f"{output}: {count} submission{'s' * (count != 1)}", markup=False)
