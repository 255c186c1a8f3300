"""Replies and forwards in a body: the sender's new text apart from what it quotes or forwards.

:func:`split_body` keeps only the new text of a reply (no ``>`` lines, no "On ... wrote:" block,
no Outlook "From: ... Sent: ..." block, no signature after ``-- ``) and returns the text of an
inline forward ("Forwarded message", "Begin forwarded message:", "Original Message", or an
Outlook header block in a message whose subject says it is a forward) separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.mail.addresses import ADDRESS_IN_TEXT, parse_address
from parsers.mail.body_blocks import EMPHASIS, clean_text
from parsers.mail.quotes import (
    FORWARD_BANNER,
    MOBILE_SIGNATURE,
    REPLY_BANNER,
    attribution_span,
    broken_link,
    delimiter_again,
    header_line,
    header_role,
    inline_header_start,
    is_attribution_line,
    is_external_warning,
    is_one_line_header_block,
    is_quote_line,
    signature_start,
    split_shared_line,
    unglue_banner,
)

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
    date: str | None = None
    sender: str | None = None
    is_reply: bool = False
    """True when the banner said the original of a reply ("-----Original Message-----"), not a forward."""


@dataclass
class SplitBody:
    """``new_text`` is what the sender wrote; ``forwarded`` the inline-forwarded messages in it."""

    new_text: str
    forwarded: list[ForwardedText] = field(default_factory=list)
    signature: str | None = None
    """The signature below the new text; ``None`` when there is none."""
    quoted: str = ""
    """The quoted text left out ("" when nothing was quoted)."""


MAX_FORWARD_DEPTH = 8
"""How deep forwards inside forwards are read: the text of a message forwarded deeper is kept whole,
unsplit (each level is read by the body reader again, so a body of thousands of banners nested
that many calls, and read the rest of the body once for each)."""


def split_body(text: str, subject: str | None = None, *, keep_answered_questions: bool = True,
               depth: int = 0) -> SplitBody:
    """Separate the new text of a message from quoted replies, signatures and inline forwards.
    With ``keep_answered_questions`` a quoted question answered right below it stays in the new
    text (the form reader needs it as the label of the answer). ``depth`` is how many forwards the
    text is inside (0: a message's own body)."""
    lines = _unglued(clean_text(text).split("\n"))
    # Markers are matched on the lines without the emphasis mark of a bold HTML line.
    plain = [ln.replace(EMPHASIS, "") for ln in lines]
    is_fwd_subject = bool(subject and _FWD_SUBJECT.match(subject))
    new: list[str] = []
    quoted: list[str] = []
    forwarded: list[ForwardedText] = []
    signature: list[str] = []
    questions = _answered_questions(plain) if keep_answered_questions else set()
    answered_below = inline_form = False
    words = 0
    i = _words_start(plain)
    while i < len(lines):
        line = plain[i].strip()
        if answered_below and (is_quote_line(line) or _header_block_at(plain, i) or _wrote_marker(plain, i)):
            # "I've answered under each question below": the quoted form holds the answers.
            new.extend(_unquoted_rest(lines[i:]))
            # The signature search would cut the form's last answers: the sender's sign-off is above them.
            inline_form = True
            break
        if is_quote_line(line) or (quoted and broken_link(line) and _between_quotes(plain, i)) \
                or _wrapped_quote_piece(plain, i):
            if i in questions:
                # A quoted question the sender answered right below it (an inline reply).
                new.append(_unquote(lines[i]).strip())
            else:
                quoted.append(lines[i])
            inner = line.lstrip(">").strip()
            if _banner(inner):
                # Apple Mail quotes the whole forward, marker included; the sender may write below it.
                end = _quoted_run_end(plain, i + 1)
                unquoted = [_unquote(ln) for ln in lines[i + 1:end]]
                forwarded.append(_read_forward(unquoted, subject, inner, depth))
                quoted.extend(lines[i + 1:end])
                if end == len(lines):
                    break
                i = end
                continue
            i += 1
            continue
        if _banner(line):
            # A forward quoted below its banner ends where the quote does; what follows is new.
            end = _quoted_run_end(plain, i + 1) if _next_nonblank(plain, i + 1).startswith(">") \
                else len(lines)
            forwarded.append(_read_forward(lines[i + 1:end], subject, line, depth))
            if REPLY_BANNER.match(line) or end < len(lines):
                quoted.extend(lines[i:end])
            if end == len(lines):
                break
            i = end
            continue
        # Four lines of look-ahead are all it reads; slicing the rest was quadratic in the lines.
        cut = inline_header_start(plain[i], plain[i + 1:i + 5]) if not is_fwd_subject else None
        if cut is not None:
            new.append(lines[i][:cut].rstrip())
            quoted.extend([lines[i][cut:].strip(), *lines[i + 1:]])
            break
        shared = split_shared_line(line)
        if shared and _next_nonblank(plain, i + 1).startswith(">"):
            new.append(shared[0])
            quoted.append(shared[1])
            i += 1
            continue
        wrote = _wrote_marker(plain, i)
        if wrote:
            quoted.extend(lines[i:i + wrote])
            i += wrote
            if not _next_nonblank(plain, i).startswith(">"):
                quoted.extend(lines[i:])
                break
            continue
        if _header_block_at(plain, i):
            if is_fwd_subject:
                forwarded.append(_read_forward(lines[i:], subject, "", depth))
            else:
                quoted.extend(lines[i:])
            break
        if _RULE.match(line) and _header_block_at(plain, _next_filled_index(plain, i + 1)):
            i += 1
            continue
        end = _skip_signature(plain, i + 1) if plain[i] == "-- " and new else i
        if end > i and not delimiter_again(plain[:end], i):
            signature.extend(lines[i:end])
            i = end
            continue
        new.append(lines[i])
        # Only a short note says the answers are below; a long one holds them itself.
        words += len(line.split())
        answered_below = words <= 120 and (answered_below or _says_answered_below(line))
        i += 1
    if not signature and not inline_form:
        start = signature_start([ln.replace(EMPHASIS, "") for ln in new])
        if start is not None:
            new, signature = new[:start], new[start:]
    return SplitBody(new_text="\n".join(new).strip("\n"), forwarded=forwarded,
                     signature="\n".join(signature).strip("\n") or None, quoted="\n".join(quoted).strip("\n"))


def _words_start(lines: list[str]) -> int:
    """The index of the line where the sender's words start: after what opens the body but is not
    theirs, its first paragraph being a mail server's external-sender warning
    (:func:`~parsers.mail.quotes.is_external_warning`) or a phone's line alone ("Sent from my
    iPhone" written above the reply, as some clients do); else 0."""
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return 0
    end = next((n for n in range(first, len(lines)) if not lines[n].strip()), len(lines))
    if end >= len(lines):
        return 0
    opening = lines[first:end]
    if is_external_warning("\n".join(opening)):
        return end
    mobile = len(opening) == 1 and MOBILE_SIGNATURE.match(opening[0].strip())
    return end if mobile and any(line.strip() for line in lines[end:]) else 0


_WRAP_WIDTH = 60
"""A quoted line this long may have been wrapped by the client that quoted it."""


def _wrapped_quote_piece(lines: list[str], i: int) -> bool:
    """True when line ``i`` is the end of a quoted line that the quoting client wrapped without a
    quote mark: right between two quoted lines, below a long one, starting in lower case, short
    ("> Nullam pharetra d" / "ignissim odio?" / ">"). An answer typed between quoted lines starts a
    sentence, or follows a short question."""
    text = lines[i].strip()
    if not text or not text[0].islower() or len(text) > _WRAP_WIDTH or i == 0 or i + 1 >= len(lines):
        return False
    above, below = lines[i - 1].strip(), lines[i + 1].strip()
    return is_quote_line(above) and is_quote_line(below) and len(above) >= _WRAP_WIDTH


def _between_quotes(lines: list[str], i: int) -> bool:
    """True when the nearest filled lines above and below line ``i`` are quoted."""
    above = next((ln for ln in reversed(lines[:i]) if ln.strip()), "")
    below = _next_nonblank(lines, i + 1)
    return is_quote_line(above) and (is_quote_line(below) or not below)


def _quoted_run_end(lines: list[str], i: int) -> int:
    """Index of the first filled line at or after ``i`` that is not quoted (``len(lines)`` when the
    quote runs to the end)."""
    while i < len(lines) and (not lines[i].strip() or is_quote_line(lines[i].strip())):
        i += 1
    return i


def _unglued(lines: list[str]) -> list[str]:
    """``lines`` with each banner that has its header block run onto its line split into lines
    (:func:`~parsers.mail.quotes.unglue_banner`)."""
    out: list[str] = []
    for line in lines:
        plain = line.replace(EMPHASIS, "").strip()
        parts = unglue_banner(plain) if plain[:1] in ("-", "_", "=", "*") else None
        out.extend(parts or [line])
    return out


def _next_filled_index(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _banner(line: str) -> bool:
    """A forward banner or the banner above a reply's quoted original."""
    return bool(FORWARD_BANNER.match(line) or REPLY_BANNER.match(line))


_ANSWERED_BELOW = re.compile(
    r"\b(?:answers?|answered|replies|replied|responses?|responded|filled (?:it |this |the form )?in|"
    r"completed? (?:it|the form|this))\b[^\n]{0,50}\b(?:below|inline|in (?:red|blue|green|bold|colou?r))\b",
    re.I)


_BELOW_WORDS = ("below", "inline", "in red", "in blue", "in green", "in bold", "in colour", "in color")
"""Where :data:`_ANSWERED_BELOW` says the answers are: an ASCII line without one of these (in any
case) is not searched."""


def _says_answered_below(line: str) -> bool:
    """True when ``line`` says the answers are below or inline ("I've answered below in red")."""
    if line.isascii():
        low = line.lower()
        if not any(w in low for w in _BELOW_WORDS):
            return False
    return _ANSWERED_BELOW.search(line) is not None


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
        elif text and last_quoted is not None and not _wrapped_quote_piece(lines, i):
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
        if header_line(bare) or is_attribution_line(bare) or _RULE.match(bare):
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
    return attribution_span(lines, i)


def _header_block_at(lines: list[str], i: int) -> bool:
    """True when an Outlook-style block of quoted headers starts at line ``i``: a From: or Date:
    line (in any language), then within the next lines a date and a recipient or subject (or, for
    a block that starts with the date, a sender or recipient)."""
    if i >= len(lines):
        return False
    if is_one_line_header_block(lines[i].strip()):
        return True
    first = header_line(lines[i].strip())
    role = header_role(first.group(1)) if first else None
    if role not in ("from", "date"):
        return False
    roles = {role}
    for line in lines[i + 1:i + 8]:
        m = header_line(line.strip())
        if m:
            roles.add(header_role(m.group(1)) or "")
        elif line.strip() and len(roles) >= 3:
            break
    if first is not None and role == "from":
        second = header_line(lines[i + 1].strip()) if i + 1 < len(lines) else None
        if second and header_role(second.group(1)) == "date":
            return True
        # Outlook on the web sets "From: x<TAB>Date: y" on one line.
        if re.search(r"\t\s*(?:Date|Sent)\s*:", first.group(2), re.I):
            return True
        return "date" in roles and bool(roles & {"to", "subject"})
    return bool(roles & {"from", "to"}) and bool(roles & {"to", "subject", "from"})


def _skip_signature(lines: list[str], i: int) -> int:
    """Index of the first line after a signature that starts at ``i``: the signature runs until a
    forward or reply marker, or the end."""
    while i < len(lines):
        line = lines[i].strip()
        if (_banner(line) or _wrote_marker(lines, i)
                or _header_block_at(lines, i) or line.startswith(">")
                or (_RULE.match(line) and _header_block_at(lines, i + 1))):
            return i
        i += 1
    return i


def _read_forward(lines: list[str], subject: str | None, banner: str, depth: int) -> ForwardedText:
    """Read the header lines at the top of an inline-forwarded message, then its text (split as a
    body of its own unless it lies :data:`MAX_FORWARD_DEPTH` forwards deep; ``depth`` is the
    forwards the banner is inside)."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    headers: dict[str, str] = {}
    while i < len(lines):
        m = header_line(lines[i].replace(EMPHASIS, "").strip().lstrip(">").strip())
        if not m:
            break
        headers.setdefault(header_role(m.group(1)) or m.group(1).lower(), m.group(2).replace("*", "").strip())
        i += 1
    rest = lines[i:]
    if rest and all(ln.startswith(">") or not ln.strip() for ln in rest):
        rest = [re.sub(r"^> ?", "", ln) for ln in rest]
    if depth + 1 >= MAX_FORWARD_DEPTH:
        inner = SplitBody(new_text="\n".join(rest).strip())
    else:
        inner = split_body("\n".join(rest), headers.get("subject"), depth=depth + 1)
    sender = headers.get("from", "")
    name, addr = parse_address(sender.replace("[mailto:", "<").replace("]", ">"))
    if not ADDRESS_IN_TEXT.fullmatch(addr):
        # What the parser makes of "From: Jo Bloggs" (Exchange shows a colleague by name alone:
        # "Jo") or of a name with an address beside it unbracketed: the address is looked for, and
        # the rest is the name.
        found = ADDRESS_IN_TEXT.search(sender)
        addr = found.group(0) if found else ""
        beside = sender.replace(addr, " ").replace("mailto:", " ") if addr else sender
        name = re.sub(r"[\s<>()\[\]\"]+", " ", beside).strip() or name
    return ForwardedText(text=inner.new_text, from_name=name or None, from_addr=addr or None,
                         subject=headers.get("subject"), forwarded=inner.forwarded,
                         date=headers.get("date"), sender=sender or None,
                         is_reply=bool(REPLY_BANNER.match(banner)))

