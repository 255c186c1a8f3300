"""The form being collected and the safety limits, as plain data.

``intake.config`` builds these from TOML; ``parsers`` only reads them. A new call for
submissions with other questions is a config change, never a code change here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["text", "email"]


@dataclass(frozen=True)
class FieldSpec:
    """One question on the form.

    ``max_words`` is ``None`` when the answer has no word limit.
    """

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    max_words: int | None = None
    kind: FieldKind = "text"


@dataclass(frozen=True)
class FormSchema:
    """The ordered questions of the form."""

    fields: tuple[FieldSpec, ...]

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.fields]

    def get(self, key: str) -> FieldSpec | None:
        """The field with this key, or ``None`` when the form has no such field."""
        for f in self.fields:
            if f.key == key:
                return f
        return None


@dataclass(frozen=True)
class Limits:
    """Caps applied before any parser opens untrusted bytes. Sizes are in bytes."""

    max_message_bytes: int = 30 * 1024 * 1024
    max_attachment_bytes: int = 15 * 1024 * 1024
    max_mime_parts: int = 200
    max_mime_depth: int = 12
    max_zip_entries: int = 2000
    max_zip_total_bytes: int = 100 * 1024 * 1024
    max_zip_ratio: int = 100
    converter_timeout_s: float = 30.0
    #: LibreOffice's time to convert one LibreOffice-written .doc (see
    #: :mod:`parsers.documents.word97`); past it antiword reads the file. Kept to a third of the
    #: default parse budget so a message with a few such attachments stays within it.
    office_timeout_s: float = 10.0
    #: The part of that time (or of ``converter_timeout_s``) the LibreOffice kept running per
    #: process (:mod:`parsers.documents.office`) may take, its start-up included; the one-shot
    #: ``soffice --convert-to`` gets what is left. 0: never use the running LibreOffice.
    office_session_timeout_s: float = 5.0
    max_text_chars: int = 2_000_000
    #: Control words (backslashes) an RTF file may hold. Word writes a few per run of text, so a
    #: long form stays far below; reading costs about 2 s of CPU per million, so more is refused.
    max_rtf_control_words: int = 500_000
    max_text_lines: int = 5000
    #: Folder for converters' temporary copies of an attachment (made 0700 when missing, if its
    #: parent exists); ``None`` means the system's temporary folder. The application points it into
    #: its private data folder.
    scratch_dir: str | None = None


DEFAULT_SCHEMA = FormSchema(
    fields=(
        FieldSpec("name", "Your name", ("Name", "Full name", "Submitted by", "Contact name")),
        FieldSpec("job_title", "Job title / position", ("Job title", "Position", "Role", "Job role")),
        FieldSpec("email", "Email address", ("Email", "E-mail", "E-mail address", "Contact email"),
                  kind="email"),
        FieldSpec(
            "organisation",
            "Name of library service/local authority",
            ("Library service", "Local authority", "Organisation", "Organization", "Council",
             "Library service / local authority", "Authority"),
        ),
        FieldSpec("title", "Suggested title for case study",
                  ("Title", "Case study title", "Suggested title", "Proposed title")),
        FieldSpec("summary", "Summary of case study (max 50 words)", ("Summary",), max_words=50),
        FieldSpec(
            "description",
            "Description of the project / initiative / approach (max 750 words)",
            ("Description", "Description of the project", "Project description"),
            max_words=750,
        ),
        FieldSpec("lessons", "Key lessons learned (max 100 words)",
                  ("Key lessons", "Lessons learned", "Lessons", "Key learning"), max_words=100),
    )
)
