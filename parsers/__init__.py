"""Pure parsing: raw message (or document) bytes in, a typed :class:`Extraction` out.

Nothing in this package touches the network, the database or the file system beyond the bytes
it is given (external converters for legacy formats run in a temporary folder with a timeout).
It never imports ``intake`` or ``store``.
"""

from parsers.errors import DocumentError, ParseError
from parsers.extract import extract_file, extract_message
from parsers.mail.quotes import MailParts, message_parts, read_parts
from parsers.models import AttachmentInfo, Extraction, Problem
from parsers.schema import DEFAULT_SCHEMA, FieldSpec, FormSchema, Limits

__all__ = ["DEFAULT_SCHEMA", "AttachmentInfo", "DocumentError", "Extraction", "FieldSpec", "FormSchema",
           "Limits", "MailParts", "ParseError", "Problem", "extract_file", "extract_message", "message_parts",
           "read_parts"]
