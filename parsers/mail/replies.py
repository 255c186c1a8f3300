"""Replies and forwards in a body: the sender's new text apart from what it quotes or forwards.

:func:`split_body` keeps only the new text of a reply (no ``>`` lines, no "On ... wrote:" block,
no Outlook "From: ... Sent: ..." block, no signature after ``-- ``) and returns the text of an
inline forward ("Forwarded message", "Begin forwarded message:", "Original Message", or an
Outlook header block in a message whose subject says it is a forward) separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.mail.body_blocks import EMPHASIS, clean_text

_FORWARD_MARKERS = [
    re.compile(r"^-{2,}\s*(?:Forwarded|Original)\s+Message\s*-{2,}$", re.I),
    re.compile(r"^Begin forwarded message:?$", re.I),
    re.compile(r"^-{2,}\s*(?:Weitergeleitete Nachricht|Message transf[ée]r[ée]|Mensaje reenviado|"
               r"Messaggio inoltrato|Doorgestuurd bericht)\s*-{2,}$", re.I),
    re.compile(r"^-{2,}\s*Urspr[üu]ngliche Nachricht\s*-{2,}$", re.I),
]
_WROTE = re.compile(r"^(?:On|Le|Am|El|Il|Op)\s.{4,400}\s(?:wrote|a écrit|schrieb|escribió|ha scritto|"
                    r"schreef)\s?:\s*$", re.I | re.S)
_HEADER_LINE = re.compile(r"^\*?(From|Sent|Date|To|Cc|Bcc|Subject|Reply-To|Von|De|Envoyé|Gesendet|"
                          r"Objet|Betreff|An|À)\s*:\*?\s*(.*)$", re.I)
_RULE = re.compile(r"^[_\-=*]{8,}$")
_FWD_SUBJECT = re.compile(r"^\s*(?:(?:re|aw|sv)\s*:\s*)*(?:fwd?|fw|wg|tr|rv|enc)\s*:", re.I)


@dataclass
class ForwardedText:
    """The forwarded part of an inline forward. Header values are ``None`` when not shown.
    ``forwarded`` holds the messages forwarded inside this one (a forward of a forward)."""

    text: str
    from_name: str | None = None
    from_addr: str | None = None
    subject: str | None = None
    forwarded: list[ForwardedText] = field(default_factory=list)


@dataclass
class SplitBody:
    """``new_text`` is what the sender wrote; ``forwarded`` the inline-forwarded messages in it."""

    new_text: str
    forwarded: list[ForwardedText] = field(default_factory=list)


def split_body(text: str, subject: str | None = None) -> SplitBody:
    """Separate the new text of a message from quoted replies, signatures and inline forwards."""
    lines = clean_text(text).split("\n")
    # Markers are matched on the lines without the emphasis mark of a bold HTML line.
    plain = [ln.replace(EMPHASIS, "") for ln in lines]
    is_fwd_subject = bool(subject and _FWD_SUBJECT.match(subject))
    new: list[str] = []
    forwarded: list[ForwardedText] = []
    questions = _answered_questions(plain)
    answered_below = False
    words = 0
    i = 0
    while i < len(lines):
        line = plain[i].strip()
        if answered_below and (line.startswith(">") or _header_block_at(plain, i) or _wrote_marker(plain, i)):
            # "I've answered under each question below": the quoted form holds the answers.
            new.extend(_unquoted_rest(lines[i:]))
            break
        if line.startswith(">"):
            if i in questions:
                # A quoted question the sender answered right below it (an inline reply).
                new.append(_unquote(lines[i]).strip())
            inner = line.lstrip(">").strip()
            if any(m.match(inner) for m in _FORWARD_MARKERS):
                # Apple Mail quotes the whole forward, marker included.
                forwarded.append(_read_forward([_unquote(ln) for ln in lines[i + 1:]], subject))
                break
            i += 1
            continue
        if any(m.match(line) for m in _FORWARD_MARKERS):
            forwarded.append(_read_forward(lines[i + 1:], subject))
            break
        wrote = _wrote_marker(plain, i)
        if wrote:
            i += wrote
            if not _next_nonblank(plain, i).startswith(">"):
                break
            continue
        if _header_block_at(plain, i):
            if is_fwd_subject:
                forwarded.append(_read_forward(lines[i:], subject))
            break
        if _RULE.match(line) and _header_block_at(plain, i + 1):
            i += 1
            continue
        if plain[i] == "-- ":
            i = _skip_signature(plain, i + 1)
            continue
        new.append(lines[i])
        # Only a short note says the answers are below; a long one holds them itself.
        words += len(line.split())
        answered_below = bool(_ANSWERED_BELOW.search(line) or answered_below) and words <= 120
        i += 1
    return SplitBody(new_text="\n".join(new).strip("\n"), forwarded=forwarded)


_ANSWERED_BELOW = re.compile(
    r"\b(?:answers?|answered|replies|replied|responses?|responded|filled (?:it |this |the form )?in|"
    r"completed? (?:it|the form|this))\b[^\n]{0,50}\b(?:below|inline|in (?:red|blue|green|bold|colou?r))\b",
    re.I)


def _answered_questions(lines: list[str]) -> set[int]:
    """Indexes of quoted lines answered inline: the last line of each quoted run that new text
    follows, when at least two quoted runs are answered so (one is an ordinary top-quoted reply)."""
    found: set[int] = set()
    last_quoted: int | None = None
    for i, line in enumerate(lines):
        text = line.strip()
        if text.startswith(">"):
            if text.lstrip("> ").strip():
                last_quoted = i
            elif last_quoted is not None and i - last_quoted > 1:
                last_quoted = None
        elif text and last_quoted is not None:
            found.add(last_quoted)
            last_quoted = None
    return found if len(found) >= 2 else set()


def _unquoted_rest(lines: list[str]) -> list[str]:
    """The rest of a message answered inline: quote marks removed, quoted header lines and
    "On ... wrote:" lines dropped."""
    out: list[str] = []
    for line in lines:
        text = re.sub(r"^(?:\s*>)+ ?", "", line)
        bare = text.replace(EMPHASIS, "").strip()
        if _HEADER_LINE.match(bare) or _WROTE.match(bare) or _RULE.match(bare):
            continue
        out.append(text)
    return out


def _unquote(line: str) -> str:
    """``line`` with one level of ``>`` quoting removed."""
    return re.sub(r"^\s*> ?", "", line, count=1)


def _next_nonblank(lines: list[str], i: int) -> str:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return lines[i].strip() if i < len(lines) else ""


def _wrote_marker(lines: list[str], i: int) -> int:
    """How many lines an "On ... wrote:" attribution at ``i`` spans (clients wrap it); 0 if none."""
    first = lines[i].strip()
    if not re.match(r"^(?:On|Le|Am|El|Il|Op)\s", first):
        return 1 if _WROTE.match(first) else 0
    joined = first
    for n in range(1, 4):
        if _WROTE.match(joined):
            return n
        if i + n >= len(lines) or not lines[i + n].strip():
            return 0
        joined = joined + " " + lines[i + n].strip()
    return 0


def _header_block_at(lines: list[str], i: int) -> bool:
    """True when an Outlook-style block of quoted headers (From: and Sent:/Date: and To:/Subject:)
    starts at line ``i``."""
    if i >= len(lines):
        return False
    first = _HEADER_LINE.match(lines[i].strip())
    if not first or first.group(1).lower() not in ("from", "von", "de"):
        return False
    names = set()
    for line in lines[i + 1:i + 8]:
        m = _HEADER_LINE.match(line.strip())
        if m:
            names.add(m.group(1).lower())
    has_date = bool(names & {"sent", "date", "gesendet", "envoyé"})
    has_other = bool(names & {"to", "subject", "an", "objet", "betreff", "à"})
    return has_date and has_other


def _skip_signature(lines: list[str], i: int) -> int:
    """Index of the first line after a signature that starts at ``i``: the signature runs until a
    forward or reply marker, or the end."""
    while i < len(lines):
        line = lines[i].strip()
        if (any(m.match(line) for m in _FORWARD_MARKERS) or _wrote_marker(lines, i)
                or _header_block_at(lines, i) or line.startswith(">")
                or (_RULE.match(line) and _header_block_at(lines, i + 1))):
            return i
        i += 1
    return i


def _read_forward(lines: list[str], subject: str | None) -> ForwardedText:
    """Read the header lines at the top of an inline-forwarded message, then its text."""
    from email.utils import parseaddr

    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    headers: dict[str, str] = {}
    while i < len(lines):
        m = _HEADER_LINE.match(lines[i].replace(EMPHASIS, "").strip().lstrip(">").strip())
        if not m:
            break
        headers.setdefault(m.group(1).lower(), m.group(2).replace("*", "").strip())
        i += 1
    rest = lines[i:]
    if rest and all(ln.startswith(">") or not ln.strip() for ln in rest):
        rest = [re.sub(r"^> ?", "", ln) for ln in rest]
    inner = split_body("\n".join(rest), headers.get("subject"))
    sender = headers.get("from") or headers.get("von") or headers.get("de") or ""
    name, addr = parseaddr(sender.replace("[mailto:", "<").replace("]", ">"))
    if not addr and "@" in sender:
        addr = re.findall(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", sender)[0] if re.findall(
            r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", sender) else ""
    return ForwardedText(text=inner.new_text, from_name=name or None, from_addr=addr or None,
                         subject=headers.get("subject"), forwarded=inner.forwarded)
