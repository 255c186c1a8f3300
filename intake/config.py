"""Configuration: one TOML file, read once, turned into typed dataclasses.

Lookup order for every command: ``--config FILE``; else ``./config.toml`` when present; else the
embedded default (``intake/default_config.toml``), which keeps all state under one data folder.
Secrets never live in the TOML: passwords come from ``password_env`` or ``password_file``.
Relative paths are resolved against the config file's folder (the current folder for the
embedded default).
"""

from __future__ import annotations

import dataclasses
import difflib
import ipaddress
import os
import re
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from intake.errors import IntakeError
from parsers.schema import FieldSpec, FormSchema, Limits


class ConfigError(IntakeError):
    """The configuration cannot be used; the message names the file and key."""


Security = Literal["ssl", "starttls", "none"]


@dataclass(frozen=True)
class OAuth2Config:
    """How to get an access token. ``provider`` is ``"command"`` (run ``token_command``, read the
    token from stdout) or ``"microsoft"`` (client credentials through msal); ``None`` when the
    account logs in with a password."""

    provider: Literal["command", "microsoft"] | None = None
    mechanism: Literal["XOAUTH2", "OAUTHBEARER"] = "XOAUTH2"
    token_command: str | None = None
    tenant_id: str | None = None
    client_id: str | None = None
    client_secret_env: str | None = None
    client_secret_file: Path | None = None
    authority: str | None = None
    scopes: tuple[str, ...] = ("https://outlook.office365.com/.default",)
    token_cache_file: Path | None = None
    timeout_s: float = 30.0
    ca_file: Path | None = None


@dataclass(frozen=True)
class MailboxConfig:
    """One mailbox folder to poll. ``type = "maildir"`` reads ``path``; ``"imap"`` the server."""

    name: str = "default"
    type: Literal["maildir", "imap"] = "maildir"
    path: Path | None = None
    host: str = ""
    port: int = 993
    security: Security = "ssl"
    ca_file: Path | None = None
    username: str = ""
    password_env: str | None = None
    password_file: Path | None = None
    oauth2: OAuth2Config = field(default_factory=OAuth2Config)
    folder: str = "INBOX"
    processed_folder: str = "Processed"
    failed_folder: str = "Failed"
    other_folder: str = "Not-submissions"
    after: Literal["move", "seen", "none"] = "move"
    timeout_s: float = 30.0
    connect_timeout_s: float = 15.0
    #: Total seconds one IMAP command (or the connection with its greeting) may take, however the
    #: server trickles its answer; IDLE waits are not commands and are not bounded by it.
    command_timeout_s: float = 120.0
    batch_size: int = 50
    idle: bool = False
    since: str | None = None
    sent_folder: str | None = None

    def password(self) -> str | None:
        """The password from the environment or a file; ``None`` when neither is configured."""
        return read_secret(self.password_env, self.password_file, what=f"mailbox {self.name!r}")


@dataclass(frozen=True)
class SmtpConfig:
    """Where replies go. ``transport = "file"`` writes .eml files to ``outbox_dir`` instead of sending."""

    transport: Literal["file", "smtp"] = "file"
    host: str = ""
    port: int = 587
    security: Security = "starttls"
    ca_file: Path | None = None
    username: str | None = None
    password_env: str | None = None
    password_file: Path | None = None
    oauth2_mailbox: str | None = None
    timeout_s: float = 30.0
    #: Total seconds for one SMTP transaction (connect and greeting, or one email), however slowly
    #: the server answers; below the 2-minute lease of an email being sent.
    transaction_timeout_s: float = 60.0
    from_addr: str = "casestudies@example.org"
    from_name: str = "Case studies"
    max_attempts: int = 8
    retry_base_s: float = 60.0
    retry_max_s: float = 6 * 3600.0

    def password(self) -> str | None:
        """The SMTP password, or ``None`` when none is configured."""
        return read_secret(self.password_env, self.password_file, what="smtp")


@dataclass(frozen=True)
class RepliesConfig:
    """When and how acknowledgements are sent."""

    enabled: bool = True
    reference_prefix: str = "CS"
    per_sender_per_day: int = 5
    answer_questions: bool = False
    #: Tell the sender, once, when their message is recorded as failed (it could not be read).
    tell_failed: bool = True
    templates_dir: Path | None = None
    copy_to_sent: bool = False
    preview_words: int = 60
    max_per_run: int = 200


@dataclass(frozen=True)
class WebConfig:
    """The review web app. ``secret_key_file`` holds the session-signing key (made on first use)."""

    host: str = "127.0.0.1"
    port: int = 8000
    base_path: str = ""
    secret_key_file: Path | None = None
    https: bool = False
    page_size: int = 50
    #: Addresses (or networks) of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto headers
    #: are believed. Empty: the headers are ignored and the connecting address is the client's.
    trusted_proxies: tuple[str, ...] = ()
    #: The address staff open the app at (``https://review.example.org/review``), for links in
    #: emails (invitations, digests); empty: invitations use the address the admin's browser used,
    #: and the worker's emails carry no links.
    public_url: str = ""
    #: Hours an invitation or password-reset link works.
    link_valid_hours: float = 72.0


@dataclass(frozen=True)
class NotificationsConfig:
    """Emails to staff, through the outbox. ``digest_at`` is ``(hour, minute)`` in ``timezone``;
    ``digest_to`` empty means every active staff account."""

    digest: bool = False
    digest_at: tuple[int, int] = (8, 0)
    timezone: str = "Europe/London"
    digest_to: tuple[str, ...] = ()
    assignments: bool = True


@dataclass(frozen=True)
class WorkerConfig:
    """The scheduled worker."""

    poll_interval_s: float = 120.0
    send_interval_s: float = 60.0
    misfire_grace_s: float = 300.0
    lock_file: Path | None = None
    #: Seconds a worker's hold on a mailbox lasts without renewal (renewed every third of it).
    lease_s: float = 60.0
    #: Messages a worker takes from one mailbox before it turns to the next one it holds, going
    #: round again while any has more: every mailbox's mail starts flowing within one turn.
    turn_messages: int = 50


# The call's themes and the words that suggest them. ``[review.themes]`` replaces this table as a
# whole; these apply when the config names no themes. A keyword matches at the start of a word.
DEFAULT_THEMES: dict[str, tuple[str, ...]] = {
    "Communicating impact": ("impact", "outcome", "storytelling", "case stud", "social value",
                             "return on investment", "communicat", "advocacy"),
    "Data and evidence": ("data", "evidence", "statistic", "survey", "metric", "footfall", "analytics",
                          "measured", "evaluation"),
    "Portfolio holders": ("portfolio holder", "cabinet member", "councillor", "elected member",
                          "lead member"),
    "Partnerships and funding": ("partnership", "partner", "funding", "grant", "Arts Council",
                                 "external funding", "sponsor", "bid"),
    "Corporate priorities": ("corporate priorit", "council plan", "corporate plan", "strategic priorit",
                             "council strategy", "corporate strategy"),
    "Staff and volunteer advocates": ("staff", "volunteer", "advocate", "champion", "workforce"),
    "Public health and essential services": ("public health", "health", "wellbeing", "well-being",
                                             "essential service", "social prescribing", "loneliness",
                                             "warm space", "mental health"),
}


# What each reviewer scores, 1 to 5, key -> label. ``[review.criteria]`` replaces this table as a
# whole; these apply when the config names no criteria.
DEFAULT_CRITERIA: dict[str, str] = {
    "relevance": "Relevance to the call",
    "evidence_of_impact": "Evidence of impact",
    "transferability": "Transferability to other services",
}
MAX_CRITERIA = 12
_CRITERION_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class ReviewConfig:
    """Reviewer aids: theme name -> keywords found in the text; the criteria each reviewer scores
    1 to 5 (key -> label, in the order shown); ``blind`` hides other reviewers' scores from a
    reviewer until they have scored the submission themselves."""

    themes: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_THEMES))
    criteria: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CRITERIA))
    blind: bool = False


@dataclass(frozen=True)
class ParseBudget:
    """What parsing one message may use. ``workers`` 0 means one worker per CPU. A worker is
    replaced once its resident memory after a message is above ``resident_bytes`` (what a large
    message left behind), and after ``tasks_per_worker`` messages in any case. Once any worker
    has converted a file with LibreOffice, every worker keeps a LibreOffice started (a fresh worker
    starts one at once) until ``office_warm_s`` pass without such a conversion; 0: a worker starts
    LibreOffice only when a file needs it."""

    wall_s: float = 30.0
    cpu_s: float = 30.0
    memory_bytes: int = 1024 * 1024 * 1024
    workers: int = 0
    tasks_per_worker: int = 1000
    resident_bytes: int = 256 * 1024 * 1024
    max_attempts: int = 3
    office_warm_s: float = 600.0

    @property
    def pool_size(self) -> int:
        """The number of parse workers: ``workers``, else the CPUs this process may use."""
        return self.workers or max(1, len(os.sched_getaffinity(0)))


@dataclass(frozen=True)
class Config:
    """The whole configuration of one installation."""

    path: Path | None
    data_dir: Path
    database_url: str
    outbox_dir: Path
    form: FormSchema
    limits: Limits
    mailboxes: tuple[MailboxConfig, ...]
    smtp: SmtpConfig
    replies: RepliesConfig
    web: WebConfig
    worker: WorkerConfig
    review: ReviewConfig
    own_addresses: tuple[str, ...] = ()
    #: What parsing one message may use, in its child process (``[limits]`` parse_* keys).
    budget: ParseBudget = field(default_factory=ParseBudget)
    notifications: NotificationsConfig = field(default_factory=NotificationsConfig)


def read_secret(env: str | None, file: Path | None, *, what: str) -> str | None:
    """Read a secret from environment variable ``env`` or from ``file``.

    Returns ``None`` when neither is configured. Raises :class:`ConfigError` when one is configured
    but empty or missing, naming the variable or file (never the value).
    """
    if env:
        value = os.environ.get(env)
        if value is None:
            raise ConfigError(f"{what}: environment variable {env} is not set")
        if not value.strip():
            raise ConfigError(f"{what}: environment variable {env} is empty")
        return value
    if file:
        try:
            text = file.read_text(encoding="utf-8").strip()
        except OSError as err:
            raise ConfigError(f"{what}: cannot read password file {file}: {err.strerror}") from err
        if not text:
            raise ConfigError(f"{what}: password file {file} is empty")
        return text
    return None


def default_config_text() -> str:
    return resources.files("intake").joinpath("default_config.toml").read_text(encoding="utf-8")


def load_config(path: Path | None = None, *, cwd: Path | None = None) -> Config:
    """Load ``path``, else ``./config.toml``, else the embedded default."""
    cwd = cwd or Path.cwd()
    if path is None and (cwd / "config.toml").is_file():
        path = cwd / "config.toml"
    if path is None:
        return parse_config(tomllib.loads(default_config_text()), base=cwd, path=None)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ConfigError(f"config file {path} not found") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from err
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read: {err}") from err
    return parse_config(data, base=path.parent.resolve(), path=path)


class _Section:
    """Typed access to one TOML table that names the key when it refuses a value."""

    def __init__(self, data: dict[str, Any], name: str, base: Path) -> None:
        if not isinstance(data, dict):
            raise ConfigError(f"[{name}] must be a table")
        self.data, self.name, self.base = data, name, base
        self.used: set[str] = set()

    def mark(self, *keys: str) -> None:
        """Declare keys read elsewhere (sub-tables parsed by their own function)."""
        self.used.update(keys)

    def check_unknown(self) -> None:
        """Refuse keys nobody read: a typo such as ``pasword_env`` must not pass silently."""
        for key in sorted(set(self.data) - self.used):
            close = difflib.get_close_matches(key, sorted(self.used), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"{self.name}.{key}: unknown key{hint}")

    def _get(self, key: str, default: Any, types: tuple[type, ...], tname: str) -> Any:
        self.used.add(key)
        value = self.data.get(key, default)
        if value is None:
            return None
        # bool is a subclass of int: accept it only where a bool is asked for.
        if isinstance(value, bool) != (bool in types) or not isinstance(value, types):
            raise ConfigError(f"{self.name}.{key}: expected {tname}, got {value!r}")
        return value

    def text(self, key: str, default: str | None = None) -> Any:
        return self._get(key, default, (str,), "a string")

    def integer(self, key: str, default: int | None = None, *, lo: int | None = None,
                hi: int | None = None) -> Any:
        value = self._get(key, default, (int,), "an integer")
        if value is not None and ((lo is not None and value < lo) or (hi is not None and value > hi)):
            bounds = f"from {lo} to {hi}" if lo is not None and hi is not None else f"at least {lo}"
            raise ConfigError(f"{self.name}.{key}: must be {bounds}, got {value}")
        return value

    def port(self, key: str, default: int) -> int:
        value: int = self.integer(key, default, lo=1, hi=65535)
        return value

    def number(self, key: str, default: float | None = None, *, positive: bool = True) -> Any:
        self.used.add(key)
        value = self.data.get(key, default)
        if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
            if value is not None and positive and value <= 0:
                raise ConfigError(f"{self.name}.{key}: must be more than 0, got {value}")
            return None if value is None else float(value)
        raise ConfigError(f"{self.name}.{key}: expected a number, got {value!r}")

    def flag(self, key: str, default: bool | None = None) -> Any:
        return self._get(key, default, (bool,), "true or false")

    def path(self, key: str, default: str | None = None) -> Path | None:
        value = self.text(key, default)
        if value is None or value == "":
            return None
        p = Path(os.path.expanduser(value))
        return p if p.is_absolute() else (self.base / p)

    def choice(self, key: str, default: str, choices: tuple[str, ...]) -> Any:
        value = self.text(key, default)
        if value not in choices:
            raise ConfigError(f"{self.name}.{key}: expected one of {', '.join(choices)}, got {value!r}")
        return value

    def strs(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        self.used.add(key)
        value = self.data.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{self.name}.{key}: expected a list of strings, got {value!r}")
        return tuple(value)

    def sub(self, key: str) -> _Section:
        self.used.add(key)
        return _Section(self.data.get(key, {}), f"{self.name}.{key}", self.base)

    def folder(self, key: str) -> Path | None:
        """A path that must name an existing folder when it is set."""
        p = self.path(key)
        if p is not None and not p.is_dir():
            raise ConfigError(f"{self.name}.{key}: folder {p} does not exist")
        return p


def parse_config(data: dict[str, Any], *, base: Path, path: Path | None) -> Config:
    """Turn parsed TOML into a :class:`Config`; raises :class:`ConfigError` naming the bad key."""
    top = _Section(data, "config", base)
    top.mark("database", "limits", "form", "mailbox", "smtp", "replies", "web", "worker", "review",
             "notifications")
    data_dir = top.path("data_dir", "data") or base / "data"
    db = _Section(data.get("database", {}), "database", base)
    # INTAKE_DATABASE_URL wins over the file: one config shared by workers on several machines,
    # or a container, can be pointed at a database without editing it.
    url = (os.environ.get("INTAKE_DATABASE_URL") or db.text("url", None)
           or f"sqlite:///{data_dir / 'intake.sqlite3'}")
    db.check_unknown()
    limits_section = _Section(data.get("limits", {}), "limits", base)
    budget = _budget(limits_section)
    limits = _limits(limits_section)
    form = _form(data.get("form", {}), base)
    mailboxes = _mailboxes(data, base, data_dir)
    smtp = _smtp(_Section(data.get("smtp", {}), "smtp", base))
    rp = _Section(data.get("replies", {}), "replies", base)
    replies = RepliesConfig(
        enabled=rp.flag("enabled", True),
        reference_prefix=rp.text("reference_prefix", "CS"),
        per_sender_per_day=rp.integer("per_sender_per_day", 5),
        answer_questions=rp.flag("answer_questions", False),
        tell_failed=rp.flag("tell_failed", True),
        templates_dir=rp.folder("templates_dir"),
        copy_to_sent=rp.flag("copy_to_sent", False),
        preview_words=_positive(rp, "preview_words", 60),
        max_per_run=_positive(rp, "max_per_run", 200),
    )
    if replies.per_sender_per_day < 0:
        raise ConfigError(f"replies.per_sender_per_day: must be 0 or more, got {replies.per_sender_per_day}")
    rp.check_unknown()
    w = _Section(data.get("web", {}), "web", base)
    web = WebConfig(
        host=w.text("host", "127.0.0.1"), port=w.port("port", 8000),
        base_path=w.text("base_path", "").rstrip("/"),
        secret_key_file=w.path("secret_key_file") or data_dir / "web-secret.key",
        https=w.flag("https", False), page_size=w.integer("page_size", 50, lo=1, hi=1000),
        trusted_proxies=_networks(w.strs("trusted_proxies"), "web.trusted_proxies"),
        public_url=_http_url(w, "public_url"), link_valid_hours=w.number("link_valid_hours", 72.0),
    )
    w.check_unknown()
    wk = _Section(data.get("worker", {}), "worker", base)
    worker = WorkerConfig(
        poll_interval_s=wk.number("poll_interval_s", 120.0),
        send_interval_s=wk.number("send_interval_s", 60.0),
        misfire_grace_s=wk.number("misfire_grace_s", 300.0),
        lock_file=wk.path("lock_file") or data_dir / "worker.lock",
        lease_s=wk.number("lease_s", 60.0),
        turn_messages=wk.integer("turn_messages", 50, lo=1, hi=100_000),
    )
    wk.check_unknown()
    rv = _Section(data.get("review", {}), "review", base)
    themes_raw = rv.data.get("themes", {})
    if not isinstance(themes_raw, dict):
        raise ConfigError("review.themes: expected a table of theme = [keywords]")
    themes = {k: rv.sub("themes").strs(k) for k in themes_raw} or dict(DEFAULT_THEMES)
    review = ReviewConfig(themes=themes, criteria=_criteria(rv), blind=rv.flag("blind", False))
    rv.check_unknown()
    notifications = _notifications(_Section(data.get("notifications", {}), "notifications", base))
    outbox_dir = top.path("outbox_dir", None) or data_dir / "outbox"
    own_addresses = tuple(a.lower() for a in top.strs("own_addresses"))
    top.check_unknown()
    return Config(
        path=path, data_dir=data_dir, database_url=url,
        outbox_dir=outbox_dir,
        form=form, limits=dataclasses.replace(limits, scratch_dir=str(data_dir / "tmp")),
        mailboxes=mailboxes, smtp=smtp, replies=replies, web=web,
        worker=worker, review=review,
        own_addresses=own_addresses, budget=budget, notifications=notifications,
    )


def _budget(s: _Section) -> ParseBudget:
    d = ParseBudget()
    return ParseBudget(
        wall_s=s.number("parse_timeout_s", d.wall_s),
        cpu_s=s.number("parse_cpu_s", d.cpu_s),
        memory_bytes=s.integer("parse_memory_bytes", d.memory_bytes, lo=64 * 1024 * 1024),
        workers=s.integer("parse_workers", d.workers, lo=0, hi=256),
        tasks_per_worker=s.integer("parse_tasks_per_worker", d.tasks_per_worker, lo=1),
        resident_bytes=s.integer("parse_worker_resident_bytes", d.resident_bytes, lo=32 * 1024 * 1024),
        max_attempts=s.integer("parse_max_attempts", d.max_attempts, lo=1, hi=100),
        office_warm_s=s.number("parse_office_warm_s", d.office_warm_s, positive=False),
    )


def _criteria(rv: _Section) -> dict[str, str]:
    """``[review.criteria]``: key = "label", at most :data:`MAX_CRITERIA`; keys are lowercase
    letters, digits and ``_`` (they are stored with each score). An empty or missing table means
    the default criteria."""
    raw = rv.data.get("criteria", {})
    rv.mark("criteria")
    if not isinstance(raw, dict):
        raise ConfigError('review.criteria: expected a table of key = "label", e.g. relevance = "Relevance"')
    if len(raw) > MAX_CRITERIA:
        raise ConfigError(f"review.criteria: at most {MAX_CRITERIA} criteria, got {len(raw)}")
    out: dict[str, str] = {}
    for key, label in raw.items():
        if not _CRITERION_KEY.match(key):
            raise ConfigError(f"review.criteria.{key}: a criterion key is 1-40 lowercase letters, digits "
                              f"or _ starting with a letter (e.g. evidence_of_impact)")
        if not isinstance(label, str) or not label.strip():
            raise ConfigError(f"review.criteria.{key}: expected the label as a non-empty string, "
                              f"got {label!r}")
        out[key] = " ".join(label.split())
    return out or dict(DEFAULT_CRITERIA)


def _limits(s: _Section) -> Limits:
    d = Limits()
    limits = Limits(
        max_message_bytes=s.integer("max_message_bytes", d.max_message_bytes, lo=1),
        max_attachment_bytes=s.integer("max_attachment_bytes", d.max_attachment_bytes, lo=1),
        max_mime_parts=s.integer("max_mime_parts", d.max_mime_parts, lo=1),
        max_mime_depth=s.integer("max_mime_depth", d.max_mime_depth, lo=1),
        max_zip_entries=s.integer("max_zip_entries", d.max_zip_entries, lo=1),
        max_zip_total_bytes=s.integer("max_zip_total_bytes", d.max_zip_total_bytes, lo=1),
        max_zip_ratio=s.integer("max_zip_ratio", d.max_zip_ratio, lo=1),
        converter_timeout_s=s.number("converter_timeout_s", d.converter_timeout_s),
        office_timeout_s=s.number("office_timeout_s", d.office_timeout_s),
        office_session_timeout_s=s.number("office_session_timeout_s", d.office_session_timeout_s,
                                          positive=False),
        max_text_chars=s.integer("max_text_chars", d.max_text_chars, lo=1),
        max_text_lines=s.integer("max_text_lines", d.max_text_lines, lo=1),
        max_rtf_control_words=s.integer("max_rtf_control_words", d.max_rtf_control_words, lo=1),
    )
    s.check_unknown()
    return limits


def _form(data: Any, base: Path) -> FormSchema:
    from parsers.schema import DEFAULT_SCHEMA

    if not isinstance(data, dict):
        raise ConfigError("[form] must be a table")
    form = _Section(data, "form", base)
    form.mark("fields")
    form.check_unknown()
    items = data.get("fields")
    if items is None:
        return DEFAULT_SCHEMA
    if not isinstance(items, list) or not items:
        raise ConfigError("form.fields: expected a non-empty list of [[form.fields]] tables")
    specs: list[FieldSpec] = []
    for i, item in enumerate(items):
        s = _Section(item, f"form.fields[{i}]", base)
        key = s.text("key")
        label = s.text("label")
        if not key or not label:
            raise ConfigError(f"form.fields[{i}]: key and label are required")
        if key in {f.key for f in specs}:
            raise ConfigError(f"form.fields[{i}].key: {key!r} appears twice")
        max_words = s.integer("max_words", None)
        if max_words is not None and max_words <= 0:
            raise ConfigError(f"form.fields[{i}].max_words: must be positive, got {max_words}")
        specs.append(FieldSpec(key=key, label=label, aliases=s.strs("aliases"),
                               required=s.flag("required", True), max_words=max_words,
                               kind=s.choice("kind", "text", ("text", "email"))))
        s.check_unknown()
    return FormSchema(fields=tuple(specs))


def _oauth2(s: _Section, default_cache: Path) -> OAuth2Config:
    provider = s.text("provider", None)
    if provider not in (None, "command", "microsoft"):
        raise ConfigError(f"{s.name}.provider: expected command or microsoft, got {provider!r}")
    if provider == "command" and not s.text("token_command", None):
        raise ConfigError(f"{s.name}.token_command: required for provider = \"command\"")
    if provider == "microsoft":
        for key in ("client_id",):
            if not s.text(key, None):
                raise ConfigError(f"{s.name}.{key}: required for provider = \"microsoft\"")
        if not (s.text("tenant_id", None) or s.text("authority", None)):
            raise ConfigError(f"{s.name}.tenant_id: required for provider = \"microsoft\"")
        if "client_secret" in s.data:
            raise ConfigError(f"{s.name}.client_secret: secrets do not belong in the config file; "
                              "use client_secret_env or client_secret_file")
    cfg = OAuth2Config(
        provider=provider,
        mechanism=s.choice("mechanism", "XOAUTH2", ("XOAUTH2", "OAUTHBEARER")),
        token_command=s.text("token_command", None),
        tenant_id=s.text("tenant_id", None), client_id=s.text("client_id", None),
        client_secret_env=s.text("client_secret_env", None),
        client_secret_file=s.path("client_secret_file"),
        authority=s.text("authority", None),
        scopes=s.strs("scopes", ("https://outlook.office365.com/.default",)),
        token_cache_file=s.path("token_cache_file") or (default_cache if provider == "microsoft" else None),
        timeout_s=s.number("timeout_s", 30.0), ca_file=s.path("ca_file"),
    )
    s.check_unknown()
    return cfg


def _mailboxes(data: dict[str, Any], base: Path, data_dir: Path) -> tuple[MailboxConfig, ...]:
    raw = data.get("mailbox", {})
    tables = raw if isinstance(raw, list) else [raw]
    out: list[MailboxConfig] = []
    for i, t in enumerate(tables):
        name = "mailbox" if len(tables) == 1 else f"mailbox[{i}]"
        s = _Section(t, name, base)
        if "password" in s.data:
            raise ConfigError(f"{name}.password: passwords do not belong in the config file; "
                              "use password_env or password_file")
        mtype = s.choice("type", "maildir", ("maildir", "imap"))
        security = s.choice("security", "ssl", ("ssl", "starttls", "none"))
        host = s.text("host", "")
        if mtype == "imap":
            if not host:
                raise ConfigError(f"{name}.host: required for type = \"imap\"")
            if security == "none" and host not in ("127.0.0.1", "localhost", "::1"):
                raise ConfigError(f"{name}.security: \"none\" is only allowed for 127.0.0.1, not {host}")
        default_port = {"ssl": 993, "starttls": 143, "none": 143}[security]
        mname = s.text("name", f"mailbox{i + 1}" if len(tables) > 1 else "default")
        out.append(MailboxConfig(
            name=mname,
            type=mtype,
            path=s.path("path") or data_dir / "Maildir",
            host=host, port=s.port("port", default_port), security=security,
            ca_file=s.path("ca_file"), username=s.text("username", ""),
            password_env=s.text("password_env", None), password_file=s.path("password_file"),
            oauth2=_oauth2(s.sub("oauth2"), data_dir / f"token-cache-{mname}.json"),
            folder=s.text("folder", "INBOX"), processed_folder=s.text("processed_folder", "Processed"),
            failed_folder=s.text("failed_folder", "Failed"),
            other_folder=s.text("other_folder", "Not-submissions"),
            after=s.choice("after", "move", ("move", "seen", "none")),
            timeout_s=s.number("timeout_s", 30.0), connect_timeout_s=s.number("connect_timeout_s", 15.0),
            command_timeout_s=s.number("command_timeout_s", 120.0),
            batch_size=s.integer("batch_size", 50, lo=1, hi=1000),
            idle=s.flag("idle", False), since=_date(s, "since"),
            sent_folder=s.text("sent_folder", None),
        ))
        s.check_unknown()
    names = [m.name for m in out]
    if len(set(names)) != len(names):
        raise ConfigError("mailbox.name: each mailbox needs its own name")
    return tuple(out)


def _smtp(s: _Section) -> SmtpConfig:
    if "password" in s.data:
        raise ConfigError("smtp.password: passwords do not belong in the config file; "
                          "use password_env or password_file")
    security = s.choice("security", "starttls", ("ssl", "starttls", "none"))
    cfg = SmtpConfig(
        transport=s.choice("transport", "file", ("file", "smtp")),
        host=s.text("host", ""), port=s.port("port", {"ssl": 465, "starttls": 587, "none": 25}[security]),
        security=security, ca_file=s.path("ca_file"), username=s.text("username", None),
        password_env=s.text("password_env", None), password_file=s.path("password_file"),
        oauth2_mailbox=s.text("oauth2_mailbox", None), timeout_s=s.number("timeout_s", 30.0),
        transaction_timeout_s=_below_lease(s.number("transaction_timeout_s", 60.0)),
        from_addr=s.text("from_addr", "casestudies@example.org"),
        from_name=s.text("from_name", "Case studies"),
        max_attempts=_positive(s, "max_attempts", 8), retry_base_s=s.number("retry_base_s", 60.0),
        retry_max_s=s.number("retry_max_s", 6 * 3600.0),
    )
    if cfg.transport == "smtp" and not cfg.host:
        raise ConfigError("smtp.host: required for transport = \"smtp\"")
    s.check_unknown()
    return cfg


def _date(s: _Section, key: str) -> str | None:
    """A ``YYYY-MM-DD`` date kept as text, or ``None`` when unset."""
    value: str | None = s.text(key, None)
    if value is not None:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ConfigError(f"{s.name}.{key}: expected a date as YYYY-MM-DD, got {value!r}") from None
    return value


def _below_lease(seconds: float) -> float:
    """``smtp.transaction_timeout_s`` when it ends before an email's sending lease (2 minutes) does:
    otherwise a second send run could take the email while the first is still sending it."""
    if seconds > 110:
        raise ConfigError(f"smtp.transaction_timeout_s: at most 110 s (an email being sent is "
                          f"re-sent after 2 minutes), got {seconds:g}")
    return seconds


def _networks(values: tuple[str, ...], key: str) -> tuple[str, ...]:
    """``values`` when each is an IP address or network ("127.0.0.1", "10.0.0.0/8"); names the key
    and the value otherwise."""
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ConfigError(f"{key}: {value!r} is not an IP address or network") from None
    return values


def _positive(s: _Section, key: str, default: int) -> int:
    """An integer of at least 1 (for counts and limits of the replies)."""
    value: int = s.integer(key, default)
    if value < 1:
        raise ConfigError(f"{s.name}.{key}: must be at least 1, got {value}")
    return value


def _http_url(s: _Section, key: str) -> str:
    """An ``http(s)://`` address without a trailing slash, or ``""`` when unset."""
    value: str = (s.text(key, "") or "").strip().rstrip("/")
    if value and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
        raise ConfigError(f"{s.name}.{key}: expected an http:// or https:// address, got {value!r}")
    return value


def _notifications(s: _Section) -> NotificationsConfig:
    at = s.text("digest_time", "08:00")
    found = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", at)
    if found is None:
        raise ConfigError(f"notifications.digest_time: expected HH:MM (24-hour clock), got {at!r}")
    zone = s.text("timezone", "Europe/London")
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"notifications.timezone: unknown time zone {zone!r} "
                          "(expected a name such as Europe/London or UTC)") from None
    cfg = NotificationsConfig(
        digest=s.flag("digest", False), digest_at=(int(found.group(1)), int(found.group(2))), timezone=zone,
        digest_to=tuple(a.strip().lower() for a in s.strs("digest_to")),
        assignments=s.flag("assignments", True),
    )
    s.check_unknown()
    return cfg
