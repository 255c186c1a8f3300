"""MIME assembly with Python's email package (compat32 messages flattened by BytesGenerator):
leaves with exactly the bytes, charset and transfer encoding a case needs (including wrong
declarations), attachments with unhelpful metadata, delivery reports, and the texts people type
around a form (notes, signatures, questions, auto-replies).
"""

from __future__ import annotations

import base64
import io
import quopri
from email import message_from_string
from email.generator import BytesGenerator
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.utils import formataddr

from .content import CALL_ADDRESS, Person, signature


def leaf(ctype: str, data: bytes, *, cte: str, charset: str | None = None) -> Message:
    """A single part holding ``data`` in transfer encoding ``cte`` (``7bit``, ``8bit``,
    ``quoted-printable`` or ``base64``), declared as ``ctype`` with ``charset`` (``None``: none)."""
    part = Message()
    part["Content-Type"] = ctype
    if charset:
        part.set_param("charset", charset)
    if cte == "base64":
        payload = base64.encodebytes(data).decode("ascii")
    elif cte == "quoted-printable":
        payload = quopri.encodestring(data).decode("ascii")
    else:
        payload = data.decode("ascii", "surrogateescape")
    part.set_payload(payload)
    part["Content-Transfer-Encoding"] = cte
    return part


def attachment(ctype: str, data: bytes, *, filename: str | None, name: str | None = None,
               disposition: str | None = "attachment", rfc2231: bool = False) -> Message:
    """A base64 attachment. ``filename`` goes on Content-Disposition (RFC 2231 encoded when
    ``rfc2231``), ``name`` on Content-Type (RFC 2047 encoded when not ASCII); a ``None``
    ``disposition`` leaves the Content-Disposition header out."""
    part = leaf(ctype, data, cte="base64")
    if name is not None:
        part.set_param("name", _encoded_word(name))
    if disposition is not None:
        part["Content-Disposition"] = disposition
        if filename is not None:
            if rfc2231:
                # The stubs type the value as str; a (charset, language, value) triple asks for
                # RFC 2231 encoding (documented in email.message.Message.set_param).
                part.set_param("filename", ("utf-8", "", filename),  # type: ignore[arg-type]
                               header="Content-Disposition")
            else:
                part.set_param("filename", filename, header="Content-Disposition")
    return part


def _encoded_word(text: str) -> str:
    return text if text.isascii() else Header(text, "utf-8").encode()


def multipart(subtype: str, parts: list[Message], boundary: str, **params: str) -> Message:
    """A multipart container of ``parts``."""
    container = MIMEMultipart(subtype, boundary=boundary)
    for key, value in params.items():
        container.set_param(key, value)
    del container["MIME-Version"]
    for p in parts:
        container.attach(p)
    return container


def top(msg: Message, *, sender: str, subject: str, date: str, message_id: str, to: str = CALL_ADDRESS,
        extra: tuple[tuple[str, str], ...] = ()) -> Message:
    """``msg`` made a whole message: From, To, Subject (encoded when not ASCII), Date, Message-ID,
    MIME-Version and ``extra`` headers, above its own Content-* headers."""
    body_headers = list(msg.items())
    for key in list(msg.keys()):
        del msg[key]
    name, _, addr = sender.rpartition(" <")
    msg["From"] = formataddr((name, addr.rstrip(">")), charset="utf-8") if name else sender
    msg["To"] = to
    msg["Subject"] = subject if subject.isascii() else Header(subject, "utf-8").encode()
    msg["Date"] = date
    msg["Message-ID"] = message_id
    for key, value in extra:
        msg[key] = value
    msg["MIME-Version"] = "1.0"
    for key, value in body_headers:
        msg[key] = value
    return msg


def flatten(msg: Message) -> bytes:
    """``msg`` as bytes, 8bit parts kept 8bit."""
    out = io.BytesIO()
    BytesGenerator(out, mangle_from_=False, maxheaderlen=78).flatten(msg)
    return out.getvalue()


def covering(person: Person, greeting: str, note: str, signoff: str) -> list[str]:
    """Greeting, note, sign-off and signature lines around a form (or above an attachment)."""
    return [greeting, "", note, "", signoff, person.first, "", "-- ", *signature(person)]


def dsn(*, reporting: str, recipient: str, original: Message, headers_only: bool, boundary: str) -> Message:
    """A Postfix-style delivery status notification (RFC 3464) about ``original``."""
    human = leaf("text/plain", (
        f"This is the mail system at host {reporting}.\n\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients. It's attached below.\n\n"
        "For further assistance, please send mail to postmaster.\n\n"
        "                   The mail system\n\n"
        f"<{recipient}>: host {reporting}[192.0.2.25] said: 550 5.1.1\n"
        f"    <{recipient}>: Recipient address rejected: User unknown in virtual\n"
        "    mailbox table (in reply to RCPT TO command)\n").encode(), cte="7bit", charset="us-ascii")
    human["Content-Description"] = "Notification"
    per_message = message_from_string(f"Reporting-MTA: dns; {reporting}\n"
                                      "Arrival-Date: Tue,  4 Mar 2025 10:20:01 +0000 (GMT)\n")
    per_recipient = message_from_string(
        f"Final-Recipient: rfc822; {recipient}\nOriginal-Recipient: rfc822;{recipient}\n"
        f"Action: failed\nStatus: 5.1.1\nRemote-MTA: dns; {reporting}\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 <{recipient}>: Recipient address rejected:\n"
        "    User unknown in virtual mailbox table\n")
    status = Message()
    status["Content-Type"] = "message/delivery-status"
    status.set_payload([per_message, per_recipient])
    status["Content-Description"] = "Delivery report"
    if headers_only:
        head = "".join(f"{k}: {v}\n" for k, v in original.items())
        returned = leaf("text/rfc822-headers", head.encode("utf-8"), cte="7bit")
    else:
        returned = Message()
        returned["Content-Type"] = "message/rfc822"
        returned.set_payload([original])
    returned["Content-Description"] = "Undelivered Message"
    return multipart("report", [human, status, returned], boundary, **{"report-type": "delivery-status"})


QUESTIONS = (
    "Could you confirm the closing date for the case studies call? Our cabinet member would like "
    "to see the text before we send it, and the next briefing is on 2 April. Would a submission in "
    "the first week of April still be considered?",
    "Before we complete the form: does the 750 word limit for the description include captions for "
    "photographs, and can we attach an evaluation report as well? We also wondered whether two "
    "authorities working together should send one form or two.",
)

AUTOREPLY = (
    "Thank you for your email. I am out of the office until Monday 17 March with limited access to "
    "email. For urgent library matters please contact libraries@{domain} or call 01632 960 123.\n\n"
    "{name}\n{job}")
