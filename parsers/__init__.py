"""Pure parsing: raw message (or document) bytes in, a typed :class:`Extraction` out.

Nothing in this package touches the network, the database or the file system beyond the bytes
it is given (external converters for legacy formats run in a temporary folder with a timeout).
It never imports ``intake`` or ``store``.

This module is the public API; other packages import only from it and from the shared types in
:mod:`parsers.models`, :mod:`parsers.schema` and :mod:`parsers.errors`. Inside, three stages:
``parsers.mail`` and ``parsers.documents`` read a message and its attachments into blocks,
``parsers.form`` reads blocks into answers, and :mod:`parsers.closing` says where an answer ends.
"""

from parsers.errors import DocumentError, ParseError
from parsers.extract import extract_file, extract_message
from parsers.mail.addresses import address_pairs, parse_address
from parsers.mail.mime import ParsedMessage, parse_message
from parsers.mail.quotes import MailParts, message_parts, read_parts
from parsers.models import AttachmentInfo, Extraction, Problem
from parsers.reply_answers import answers_in_reply
from parsers.schema import DEFAULT_SCHEMA, FieldSpec, FormSchema, Limits
from parsers.validate import count_words, field_name, validate

__all__ = ["DEFAULT_SCHEMA", "AttachmentInfo", "DocumentError", "Extraction", "FieldSpec", "FormSchema",
           "Limits", "MailParts", "ParseError", "ParsedMessage", "Problem", "address_pairs",
           "answers_in_reply", "count_words", "extract_file", "extract_message", "field_name",
           "message_parts", "parse_address", "parse_message", "read_parts", "validate"]
