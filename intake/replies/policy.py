"""When not to reply.

An automatic reply goes out only when every rule below says yes. The rules follow RFC 3834
(section 2: never answer automatic mail, lists or bounces) and what mature helpdesks check. Each
refusal has a short name, recorded by the caller and shown in logs:

``disabled``, ``backlog``, ``not_submission``, ``auto_submitted``, ``precedence``,
``auto_response_suppressed``, ``mailing_list``, ``delivery_report``, ``null_sender``,
``auto_reply``, ``missing_from``, ``invalid_from``, ``robot_sender``, ``own_address``,
``rate_limited``; for a question only: ``in_our_thread``; for a submission a list or group
relayed: ``mailing_list_no_author`` (no address of a person other than the list's to acknowledge).

A submission that came through a discussion list or group (``List-Id``, ``Precedence: list``) is
acknowledged to its original author (``X-Original-From``, else ``Reply-To``), never to the list
(RFC 3834 section 2), and only when that address is a person's and not the list's own.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import bindparam, func
from sqlmodel import Session, col, select

from intake.replies.headers import IncomingHeaders
from parsers import address_pairs
from store.models import Outbox, utcnow

if TYPE_CHECKING:
    from intake.config import Config

AUTOMATIC_KINDS = ("acknowledgement", "question", "failure_notice")
"""Outbox kinds the worker sends by itself; only these count against the per-sender limit."""

_PRECEDENCE = {"bulk", "junk", "list", "auto_reply", "auto-reply"}
# MS-OXCMAIL 2.2.3.2.20: DR/NDR/RN/NRN suppress only delivery and read reports, which an
# acknowledgement is not; All, OOF and AutoReply suppress automatic replies such as ours.
_SUPPRESS = {"all", "oof", "autoreply"}
_LIST_HEADERS = ("list-id", "list-unsubscribe", "list-post", "list-help", "mailing-list")
_AUTO_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder", "x-auto-reply")
_REPORT_TYPES = {"multipart/report", "message/delivery-status", "message/disposition-notification"}
_ROBOT = re.compile(
    r"^(mailer[-_.]?daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|"
    r"bounces?|.*-bounces?|.*-request|owner-.*|listserv|majordomo|mail[-_.]?delivery[-_.]?subsystem|"
    r"auto[-_.]?reply|autoresponder|auto[-_.]?response)([-+_.].*)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Decision:
    """The outcome of the policy: ``reason`` is ``None`` when a reply is due, else the rule that
    said no. ``to_addr`` is the address to reply to (``None`` when there is no usable one)."""

    reason: str | None
    to_addr: str | None = None
    to_name: str = ""

    @property
    def reply(self) -> bool:
        return self.reason is None


def loop_reason(h: IncomingHeaders, *, auto_reply_hint: bool = False, past_list: bool = False) -> str | None:
    """Why an automatic reply to a message with headers ``h`` could start a loop or reach a robot;
    ``None`` when nothing says so. ``auto_reply_hint`` is the parser's own verdict. ``past_list``
    leaves out the marks of a discussion list (``Precedence: list`` and the List- headers), for a
    reply that goes to the original author instead of the list."""
    auto_submitted = (h.get("auto-submitted") or "").split(";")[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto_submitted"
    precedence = (h.get("precedence") or "").strip().lower()
    if precedence in _PRECEDENCE and not (past_list and precedence == "list"):
        return "precedence"
    if _suppressed(h.get("x-auto-response-suppress")):
        return "auto_response_suppressed"
    if not past_list and any(h.get(name) is not None for name in _LIST_HEADERS):
        return "mailing_list"
    if h.content_type in _REPORT_TYPES:
        return "delivery_report"
    if h.return_path == "":
        return "null_sender"
    if auto_reply_hint or any(h.get(name) is not None for name in _AUTO_HEADERS):
        return "auto_reply"
    return None


def relayed_by_list(h: IncomingHeaders) -> bool:
    """A discussion list or group relayed this message (``List-Id`` or ``Precedence: list``, and
    not ``Precedence: bulk|junk``)."""
    precedence = (h.get("precedence") or "").strip().lower()
    return precedence not in ("bulk", "junk") and (precedence == "list" or h.get("list-id") is not None)


def list_author(h: IncomingHeaders) -> tuple[str | None, str]:
    """The original author of a message a list relayed: ``X-Original-From``, else a ``Reply-To``
    holding one address, when that address is not the list's own (its ``List-Post`` address, the
    rewritten From of a Google Group, or the address ``List-Id`` names). ``(None, "")`` when there
    is no such address."""
    ours = _list_addresses(h)
    for header in ("x-original-from", "reply-to"):
        found = [(name, addr) for name, addr in address_pairs(h.get(header)) if "@" in addr]
        if len(found) == 1 and found[0][1].lower() not in ours:
            return found[0][1], found[0][0]
    return None, ""


def _list_addresses(h: IncomingHeaders) -> set[str]:
    addrs = {a.lower() for _, a in address_pairs(h.get("list-post")) if "@" in a}
    addrs |= {m.lower() for m in re.findall(r"mailto:([^>\s?]+)", h.get("list-post") or "")}
    if h.from_addr:
        addrs.add(h.from_addr.lower())  # the list's From when it rewrites the author's
    list_id = re.search(r"<([^>]+)>", h.get("list-id") or "")
    if list_id and "." in list_id.group(1):
        local, _, domain = list_id.group(1).partition(".")
        addrs.add(f"{local}@{domain}".lower())
    return addrs


def _suppressed(value: str | None) -> bool:
    tokens = {t.strip().lower() for t in re.split(r"[,;\s]+", value or "") if t.strip()}
    return bool(tokens & _SUPPRESS)


def address_reason(addr: str | None, config: Config) -> str | None:
    """Why ``addr`` must not receive an automatic email: missing, invalid, a robot or one of our
    own addresses. ``None`` when it may."""
    if not addr:
        return "missing_from"
    if not _well_formed(addr):
        return "invalid_from"
    local = addr.rsplit("@", 1)[0]
    if _ROBOT.match(local):
        return "robot_sender"
    if addr.lower() in own_addresses(config):
        return "own_address"
    return None


@functools.lru_cache(maxsize=4096)
def _well_formed(addr: str) -> bool:
    """Whether ``addr`` is one address by its syntax (no look-up: the answer never changes, so it is
    kept for the senders a worker meets again and again, each check costing a parse of the address)."""
    try:
        validate_email(addr, check_deliverability=False, globally_deliverable=False)
    except EmailNotValidError:
        return False
    return True


def own_addresses(config: Config) -> set[str]:
    """Our addresses, lower-cased: the From of our replies, ``own_addresses`` and any mailbox
    login that is an address."""
    ours = {config.smtp.from_addr.lower(), *(a.lower() for a in config.own_addresses)}
    ours.update(m.username.lower() for m in config.mailboxes if "@" in m.username)
    return ours


def sent_recently(session: Session, addr: str, *, now: datetime | None = None) -> int:
    """How many automatic emails to ``addr`` were queued in the 24 hours before ``now``
    (cancelled ones do not count)."""
    since = (now or utcnow()) - timedelta(days=1)
    params = {"b_addr": addr.lower(), "b_since": since}
    return int(session.connection().execute(_SENT_TO, params).scalar_one())


# Built once, run on the session's connection: every message a reply may go to asks it.
_SENT_TO = (select(func.count()).select_from(Outbox)
            .where(func.lower(Outbox.to_addr) == bindparam("b_addr"), col(Outbox.kind).in_(AUTOMATIC_KINDS),
                   Outbox.status != "cancelled", col(Outbox.created_at) >= bindparam("b_since")))


def in_our_thread(session: Session, h: IncomingHeaders) -> bool:
    """True when the message answers one of our own emails (its References or In-Reply-To name
    an outbox Message-ID): the sender already knows how to reach us."""
    if not h.references:
        return False
    q = select(func.count()).select_from(Outbox).where(col(Outbox.message_id).in_(h.references))
    return int(session.exec(q).one()) > 0


def decide(session: Session, config: Config, h: IncomingHeaders, *, backlog: bool,
           auto_reply_hint: bool = False, submission: bool = False, now: datetime | None = None) -> Decision:
    """Whether the message with headers ``h`` gets an automatic reply, and to whom: its From, or for
    a ``submission`` a list relayed, its original author (see :func:`list_author`)."""
    if not config.replies.enabled:
        return Decision("disabled")
    if backlog:
        return Decision("backlog")
    to_addr, to_name = h.from_addr, h.from_name
    reason = loop_reason(h, auto_reply_hint=auto_reply_hint)
    if reason in ("precedence", "mailing_list") and submission and relayed_by_list(h):
        reason = loop_reason(h, auto_reply_hint=auto_reply_hint, past_list=True)
        to_addr, to_name = list_author(h)
        if reason is None and to_addr is None:
            reason = "mailing_list_no_author"
    reason = reason or address_reason(to_addr, config)
    if reason:
        return Decision(reason)
    assert to_addr is not None
    if sent_recently(session, to_addr, now=now) >= config.replies.per_sender_per_day:
        return Decision("rate_limited")
    return Decision(None, to_addr, to_name)
