"""Pure parsing: raw message (or document) bytes in, a typed :class:`Extraction` out.

Nothing in this package touches the network, the database or the file system beyond the bytes
it is given (external converters for legacy formats run in a temporary folder with a timeout).
It never imports ``intake`` or ``store``.
"""

from typing import Any

from parsers.errors import DocumentError, ParseError
from parsers.models import AttachmentInfo, Extraction, Problem
from parsers.schema import DEFAULT_SCHEMA, FieldSpec, FormSchema, Limits


def __getattr__(name: str) -> Any:
    # The readers (python-docx, pypdf, odfpy, lxml...) load on first use of the entry points, so
    # importing the shared types above costs a command nothing (PEP 562).
    if name in ("extract_file", "extract_message"):
        from parsers import extract

        return getattr(extract, name)
    raise AttributeError(f"module 'parsers' has no attribute {name!r}")


__all__ = ["DEFAULT_SCHEMA", "AttachmentInfo", "DocumentError", "Extraction", "FieldSpec", "FormSchema",
           "Limits", "ParseError", "Problem", "extract_file", "extract_message"]
