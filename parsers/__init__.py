"""Pure parsing: raw message (or document) bytes in, a typed :class:`Extraction` out.

Nothing in this package touches the network, the database or the file system beyond the bytes
it is given (external converters for legacy formats run in a temporary folder with a timeout).
It never imports ``intake`` or ``store``.

This module is the public API; other packages import only from it and from the shared types in
:mod:`parsers.models`, :mod:`parsers.schema` and :mod:`parsers.errors`. Inside, three stages:
``parsers.mail`` and ``parsers.documents`` read a message and its attachments into blocks,
``parsers.form`` reads blocks into answers, and :mod:`parsers.closing` says where an answer ends.
"""

import importlib
from typing import TYPE_CHECKING, Any

from parsers.errors import DocumentError, ParseError
from parsers.lifetime import die_with_parent
from parsers.mail.addresses import address_pairs, parse_address
from parsers.models import AttachmentInfo, Extraction, Problem
from parsers.schema import DEFAULT_SCHEMA, FieldSpec, FormSchema, Limits

# Eager, as the function ``validate`` shares its name with its module (a lazy name would be
# shadowed by the submodule once anything imports it); email-validator itself loads on first use.
from parsers.validate import count_words, field_name, validate

if TYPE_CHECKING:
    from parsers.documents.formats import READER_MODULES
    from parsers.documents.office import scratch_in_use
    from parsers.documents.word97 import office_conversions, start_office
    from parsers.extract import extract_file, extract_message
    from parsers.mail.mime import ParsedMessage, parse_message
    from parsers.mail.quotes import MailParts, message_parts, read_parts
    from parsers.reply_answers import answers_in_reply

_ENTRY_POINTS = {
    "extract_file": "parsers.extract", "extract_message": "parsers.extract",
    "READER_MODULES": "parsers.documents.formats", "scratch_in_use": "parsers.documents.office",
    "office_conversions": "parsers.documents.word97", "start_office": "parsers.documents.word97",
    "ParsedMessage": "parsers.mail.mime", "parse_message": "parsers.mail.mime",
    "MailParts": "parsers.mail.quotes", "message_parts": "parsers.mail.quotes",
    "read_parts": "parsers.mail.quotes",
    "answers_in_reply": "parsers.reply_answers",
}
"""Where each entry point lives: the readers (mail-parser, python-docx, pypdf, odfpy, lxml...) load
on first use, so importing the shared types above costs a command nothing (PEP 562)."""


def __getattr__(name: str) -> Any:
    module = _ENTRY_POINTS.get(name)
    if module is None:
        raise AttributeError(f"module 'parsers' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = ["DEFAULT_SCHEMA", "READER_MODULES", "AttachmentInfo", "DocumentError", "Extraction", "FieldSpec",
           "FormSchema", "Limits", "MailParts", "ParseError", "ParsedMessage", "Problem", "address_pairs",
           "answers_in_reply", "count_words", "die_with_parent", "extract_file", "extract_message",
           "field_name", "message_parts", "office_conversions", "parse_address", "parse_message",
           "read_parts", "scratch_in_use", "start_office", "validate"]
