"""A document form's front matter: its own title and the introduction under it, marked as guidance
(the form's words, never an answer) before any field is read."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from parsers.blocks import Block, Para

_INTRO_MIN_WORDS = 8
_INTRO_LABEL = re.compile(r"^[^.!?]{1,60}[:?]\s*$|^[^.!?:]{1,40}:\s")


def is_intro(text: str) -> bool:
    """A paragraph of prose ("Thank you for sharing... Please complete every section."), not a
    label ("Your name:"), a ``label: answer`` line or a short answer."""
    t = text.strip()
    return len(t.split()) >= _INTRO_MIN_WORDS and t.endswith((".", "!", ")")) and not _INTRO_LABEL.match(t)


def mark_front(blocks: list[Block], is_title: Callable[[Para], bool]) -> list[Block]:
    """``blocks`` with the form's own front matter marked ``guidance``: a first paragraph the
    reader says is the document's title (``is_title``), and the prose paragraphs right after it
    that introduce the form, up to the first label, table or emphasised paragraph. Without such
    a title nothing is marked."""
    if not blocks or not isinstance(blocks[0], Para) or not is_title(blocks[0]):
        return blocks
    out: list[Block] = [replace(blocks[0], guidance=True)]
    i = 1
    while i < len(blocks):
        b = blocks[i]
        if not isinstance(b, Para) or b.emphasis or not is_intro(b.text):
            break
        out.append(replace(b, guidance=True))
        i += 1
    return out + blocks[i:]
