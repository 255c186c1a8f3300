"""When not to reply.

An automatic reply goes out only when every rule below says yes. The rules follow RFC 3834
(section 2: never answer automatic mail, lists or bounces) and what mature helpdesks check. Each
refusal has a short name, recorded by the caller and shown in logs:

``disabled``, ``backlog``, ``not_submission``, ``auto_submitted``, ``precedence``,
``auto_response_suppressed``, ``mailing_list``, ``delivery_report``, ``null_sender``,
``auto_reply``, ``missing_from``, ``invalid_from``, ``robot_sender``, ``own_address``,
``rate_limited``; for a question only: ``in_our_thread``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func
from sqlmodel import Session, col, select

from intake.replies.headers import IncomingHeaders
from store.models import Outbox, utcnow

if TYPE_CHECKING:
    from intake.config import Config

AUTOMATIC_KINDS = ("acknowledgement", "question")
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


def loop_reason(h: IncomingHeaders, *, auto_reply_hint: bool = False) -> str | None:
    """Why an automatic reply to a message with headers ``h`` could start a loop or reach a robot;
    ``None`` when nothing says so. ``auto_reply_hint`` is the parser's own verdict."""
    auto_submitted = (h.get("auto-submitted") or "").split(";")[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto_submitted"
    if (h.get("precedence") or "").strip().lower() in _PRECEDENCE:
        return "precedence"
    if _suppressed(h.get("x-auto-response-suppress")):
        return "auto_response_suppressed"
    if any(h.get(name) is not None for name in _LIST_HEADERS):
        return "mailing_list"
    if h.content_type in _REPORT_TYPES:
        return "delivery_report"
    if h.return_path == "":
        return "null_sender"
    if auto_reply_hint or any(h.get(name) is not None for name in _AUTO_HEADERS):
        return "auto_reply"
    return None


def _suppressed(value: str | None) -> bool:
    tokens = {t.strip().lower() for t in re.split(r"[,;\s]+", value or "") if t.strip()}
    return bool(tokens & _SUPPRESS)


def address_reason(addr: str | None, config: Config) -> str | None:
    """Why ``addr`` must not receive an automatic email: missing, invalid, a robot or one of our
    own addresses. ``None`` when it may."""
    if not addr:
        return "missing_from"
    try:
        validate_email(addr, check_deliverability=False, globally_deliverable=False)
    except EmailNotValidError:
        return "invalid_from"
    local = addr.rsplit("@", 1)[0]
    if _ROBOT.match(local):
        return "robot_sender"
    if addr.lower() in own_addresses(config):
        return "own_address"
    return None


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
    q = (select(func.count()).select_from(Outbox)
         .where(func.lower(Outbox.to_addr) == addr.lower(), col(Outbox.kind).in_(AUTOMATIC_KINDS),
                Outbox.status != "cancelled", col(Outbox.created_at) >= since))
    return int(session.exec(q).one())


def in_our_thread(session: Session, h: IncomingHeaders) -> bool:
    """True when the message answers one of our own emails (its References or In-Reply-To name
    an outbox Message-ID): the sender already knows how to reach us."""
    if not h.references:
        return False
    q = select(func.count()).select_from(Outbox).where(col(Outbox.message_id).in_(h.references))
    return int(session.exec(q).one()) > 0


def decide(session: Session, config: Config, h: IncomingHeaders, *, backlog: bool,
           auto_reply_hint: bool = False, now: datetime | None = None) -> Decision:
    """Whether the message with headers ``h`` gets an automatic reply, and to whom (its From)."""
    if not config.replies.enabled:
        return Decision("disabled")
    if backlog:
        return Decision("backlog")
    reason = loop_reason(h, auto_reply_hint=auto_reply_hint) or address_reason(h.from_addr, config)
    if reason:
        return Decision(reason)
    assert h.from_addr is not None
    if sent_recently(session, h.from_addr, now=now) >= config.replies.per_sender_per_day:
        return Decision("rate_limited")
    return Decision(None, h.from_addr, h.from_name)
