"""The original email as staff see it: chosen headers, the text body, and the HTML body after
sanitising with nh3 (the only module that imports it). Markup from a submitter is never rendered
as it came: scripts, event handlers, styles, forms, images and relative links are removed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import nh3
from markupsafe import Markup

from parsers import parse_message
from parsers.errors import ParseError
from parsers.schema import Limits

log = logging.getLogger("intake.web")

SHOWN_HEADERS = ("From", "To", "Cc", "Reply-To", "Date", "Subject", "Message-ID", "In-Reply-To")
# Images are left out: remote ones are trackers, and cid: pictures cannot be shown inline anyway.
_TAGS = set(nh3.ALLOWED_TAGS) - {"img", "map", "area"}
_RAW_PREVIEW_CHARS = 200_000


@dataclass
class MailView:
    """What the page shows of one stored message.

    ``html`` is ``None`` when the message has no HTML body. ``error`` says why the message could not
    be parsed; ``raw_text`` then holds the start of the raw bytes as text (shown escaped).
    """

    headers: list[tuple[str, str]] = field(default_factory=list)
    text: str | None = None
    html: Markup | None = None
    error: str | None = None
    raw_text: str | None = None


def sanitise_html(html: str) -> Markup:
    """``html`` reduced to harmless markup: no script, style, event handler, form, image, or link
    other than absolute http(s)/mailto (links get rel="noopener noreferrer nofollow")."""
    cleaned = nh3.clean(html, tags=_TAGS, url_schemes={"http", "https", "mailto"},
                        link_rel="noopener noreferrer nofollow", url_relative="deny", strip_comments=True)
    return Markup(cleaned)  # noqa: S704 - the output of the sanitiser is the point


def view_message(raw: bytes, limits: Limits | None = None, *, label: str = "") -> MailView:
    """Read ``raw`` for display. Never raises for bad input: a message that cannot be parsed comes
    back with ``error`` set and the raw text instead. ``label`` names the message in logs."""
    try:
        parsed = parse_message(raw, limits or Limits())
    except ParseError as err:
        log.info("message %s cannot be shown parsed: %s", label, err)
        return MailView(error=str(err), raw_text=raw_preview(raw))
    headers = [(name, value) for name, value in parsed.headers
               if name.lower() in {h.lower() for h in SHOWN_HEADERS}]
    return MailView(headers=headers, text=parsed.text_body,
                    html=sanitise_html(parsed.html_body) if parsed.html_body else None)


def raw_preview(raw: bytes) -> str:
    """The start of ``raw`` as text (undecodable bytes replaced), for showing escaped."""
    return raw[:_RAW_PREVIEW_CHARS].decode("utf-8", errors="replace")
