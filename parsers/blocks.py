"""The common shape every candidate (a body, an attachment, a forwarded part) is read into before
field matching. Readers of each format produce blocks; ``parsers.form.fields`` turns blocks into answers.

* :class:`Para` - a paragraph or line of running text. ``emphasis`` is True for bold or
  heading-styled paragraphs (a hint that it is a label, never proof). ``guidance`` is True for
  text the form itself printed to guide the writer (smaller, grey or italic help text under a
  label, a form's title or introduction), which is never part of an answer.
* :class:`Pair` - a label and its answer whose pairing the layout itself shows (a table row
  ``label | answer``, a label row above an answer row, a content control after its label).
  ``value`` is ``None`` for an answer left empty or a placeholder.
* :class:`Tagged` - an answer whose field is named by metadata rather than visible text (a content
  control's tag or alias, a legacy form field's bookmark name). ``name`` is matched against keys,
  labels and aliases (and so is each of its ``aliases``); ``value`` ``None`` means empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Para:
    text: str
    emphasis: bool = False
    guidance: bool = False


@dataclass(frozen=True)
class Pair:
    label: str
    value: str | None


@dataclass(frozen=True)
class Tagged:
    name: str
    value: str | None
    aliases: tuple[str, ...] = ()
    """Other names the document gives the same field (a label printed above it, its field name),
    matched as well: the name that names a field best wins."""


Block = Para | Pair | Tagged


@dataclass
class Candidate:
    """One place a form might be: ``source`` is ``"body"``, ``"attachment:<filename>"``,
    ``"forwarded:body"`` or ``"forwarded:attachment:<filename>"``."""

    source: str
    blocks: list[Block] = field(default_factory=list)
    is_document: bool = False
