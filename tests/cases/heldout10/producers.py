"""The real producers: LibreOffice, pandoc, AbiWord, pypdf, mutt and s-nail, each behind one function.

Every external program runs with an explicit timeout, in a private HOME (and, for LibreOffice, a
private user profile) under the work folder, so parallel runs on one machine do not share state.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import NameObject, TextStringObject

SOFFICE_TIMEOUT = 240
TOOL_TIMEOUT = 60

# LibreOffice export filter for each target extension (``--convert-to EXT:FILTER``).
LO_FILTERS: dict[str, str] = {
    "docx": "docx:MS Word 2007 XML",
    "doc": "doc:MS Word 97",
    "odt": "odt:writer8",
    "fodt": "fodt:OpenDocument Text Flat XML",
    "rtf": "rtf:Rich Text Format",
    "pdf": "pdf:writer_pdf_Export",
}


class ProducerError(RuntimeError):
    """Raised when a producer exits non-zero or does not write the file it was asked for."""


def _run(cmd: list[str], *, env: Mapping[str, str] | None = None, stdin: bytes = b"",
         timeout: int = TOOL_TIMEOUT) -> None:
    done = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout,  # noqa: S603
                          env=None if env is None else dict(env), check=False)
    if done.returncode != 0:
        err = done.stderr.decode(errors="replace")[:400]
        raise ProducerError(f"{cmd[0]} exited {done.returncode}: {err}")


@dataclass
class SofficeBatch:
    """Conversions queued for LibreOffice, run with one ``soffice`` start per target format."""

    work: Path
    jobs: dict[tuple[str, str], list[Path]] = field(default_factory=dict)

    def add(self, source: Path, target: str, infilter: str = "") -> Path:
        """Queue ``source`` for conversion to ``target``; returns where the result will be."""
        self.jobs.setdefault((target, infilter), []).append(source)
        return self._outdir(target, infilter) / f"{source.stem}.{target}"

    def _outdir(self, target: str, infilter: str) -> Path:
        tag = hashlib.sha1(f"{target}|{infilter}".encode()).hexdigest()[:8]
        return self.work / f"lo-{target}-{tag}"

    def run(self) -> None:
        """Convert every queued file; raise ProducerError if one is missing afterwards."""
        profile = (self.work / "lo-profile").resolve().as_uri()
        for (target, infilter), sources in sorted(self.jobs.items()):
            outdir = self._outdir(target, infilter)
            outdir.mkdir(parents=True, exist_ok=True)
            cmd = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore"]
            if infilter:
                cmd.append(f"--infilter={infilter}")
            cmd += ["--convert-to", LO_FILTERS[target], "--outdir", str(outdir)]
            _run(cmd + [str(s) for s in sources], env=_env(self.work), timeout=SOFFICE_TIMEOUT)
            for source in sources:
                if not (outdir / f"{source.stem}.{target}").is_file():
                    raise ProducerError(f"soffice wrote no {target} for {source.name}")


def _env(work: Path, **extra: str) -> dict[str, str]:
    home = work / "home"
    home.mkdir(parents=True, exist_ok=True)
    # Debian's mime.types lacks flat ODT; a user's ~/.mime.types is where mutt and s-nail look.
    (home / ".mime.types").write_text("application/vnd.oasis.opendocument.text-flat-xml fodt\n")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LC_ALL": "C.UTF-8",
           "TZ": "Europe/London"}
    env.update(extra)
    return env


def pandoc(markdown: str, out: Path, work: Path) -> None:
    """Write ``out`` (.docx or .odt, from its suffix) from pandoc markdown."""
    source = out.with_suffix(".md")
    source.write_text(markdown, encoding="utf-8")
    _run(["pandoc", "-f", "markdown", "-t", out.suffix[1:], "-o", str(out), str(source)], env=_env(work))


def abiword(html: str, out: Path, work: Path) -> None:
    """Write ``out`` with AbiWord from an HTML source (AbiWord's .doc is RTF inside, as it really is)."""
    source = out.with_name(out.stem + "-abw.html")
    source.write_text(html, encoding="utf-8")
    _run(["abiword", f"--to={out.suffix[1:]}", f"--to-name={out}", str(source)], env=_env(work))
    if not out.is_file():
        raise ProducerError(f"abiword wrote no {out.name}")


def fill_acroform(source: Path, out: Path, values: Mapping[str, str], checked: Iterable[str],
                  tooltips: Mapping[str, str]) -> None:
    """Fill a fillable PDF: text fields from ``values``, check boxes named in ``checked``, and set
    each field's tooltip (``/TU``) from ``tooltips`` as an editor such as Acrobat would."""
    writer = PdfWriter(clone_from=str(source))
    ticks = {name: "/Yes" for name in checked}
    for page in writer.pages:
        writer.update_page_form_field_values(page, {**values, **ticks}, auto_regenerate=False)
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            name = str(annot.get("/T", ""))
            if name in tooltips:
                annot[NameObject("/TU")] = TextStringObject(tooltips[name])
    writer.set_need_appearances_writer(True)
    with out.open("wb") as fh:
        writer.write(fh)


@dataclass(frozen=True)
class Mail:
    """One message to compose: who sends it, to whom, what it says and carries.

    ``headers`` are extra header lines ("Name: value"); ``attachments`` are files to attach.
    """

    sender: str
    to: str
    subject: str
    body: str
    attachments: tuple[Path, ...] = ()
    headers: tuple[str, ...] = ()


def _mbox_to_eml(mbox: Path) -> bytes:
    raw = mbox.read_bytes()
    if raw.startswith(b"From "):
        raw = raw.split(b"\n", 1)[1]
    raw = re.sub(rb"(?m)^>(>*From )", rb"\1", raw)
    return raw.rstrip(b"\n") + b"\n"


_SNAIL_VARIABLES = {"reply-to": "reply-to", "sender": "sender"}


def snail_send(mail: Mail, work: Path, epoch: int) -> bytes:
    """Compose ``mail`` with s-nail, writing to a local mbox (``mta=test://``) instead of sending."""
    box = work / f"snail-{epoch}.mbox"
    box.unlink(missing_ok=True)
    cmd = ["s-nail", "-:/", "-Sv15-compat", "-Sttycharset=utf-8", f"-Smta=test://{box}", "-Sfullnames",
           "-r", mail.sender, "-s", mail.subject]
    for header in mail.headers:
        name, _, value = header.partition(":")
        # s-nail refuses standard header names with -C; its variables set those instead.
        if name.lower() in _SNAIL_VARIABLES:
            cmd.append(f"-S{_SNAIL_VARIABLES[name.lower()]}={value.strip()}")
        else:
            cmd += ["-C", header]
    for path in mail.attachments:
        cmd += ["-a", str(path)]
    _run(cmd + ["-.", mail.to], env=_env(work, SOURCE_DATE_EPOCH=str(epoch)), stdin=mail.body.encode())
    return _mbox_to_eml(box)


def snail_respond(original: bytes, command: str, typed: str, sender: str, work: Path, epoch: int,
                  settings: tuple[str, ...] = ()) -> bytes:
    """Answer ``original`` with s-nail's ``reply`` or ``forward ADDRESS`` command in batch mode.

    ``typed`` is what the person types in the compose screen, including tilde escapes (``~Q``
    quotes the original there). ``settings`` are extra ``-S`` variables.
    """
    inbox = work / f"snail-in-{epoch}.mbox"
    inbox.write_bytes(b"From casestudies@librariesconnected.org.uk Mon Jan  4 09:00:00 2027\n" + original
                      + b"\n")
    box = work / f"snail-{epoch}.mbox"
    box.unlink(missing_ok=True)
    cmd = ["s-nail", "-#", "-:/", "-Sv15-compat", "-Sttycharset=utf-8", f"-Smta=test://{box}",
           "-Sfullnames", "-r", sender, "-Sindentprefix=> "]
    cmd += [f"-S{s}" for s in settings]
    script = f"{command}\n{typed}\n~.\n"
    _run(cmd + ["-f", str(inbox)], env=_env(work, SOURCE_DATE_EPOCH=str(epoch)), stdin=script.encode())
    return _mbox_to_eml(box)


def mutt_send(mail: Mail, work: Path) -> bytes:
    """Compose ``mail`` with mutt in batch mode; its ``sendmail`` is a script that keeps the message."""
    out = work / "mutt-out.eml"
    out.unlink(missing_ok=True)
    keeper = work / "mutt-keep.sh"
    keeper.write_text('#!/bin/sh\ncat > "$MUTT_OUT"\n')
    keeper.chmod(0o755)
    rc = work / "muttrc"
    lines = [f"set sendmail='{keeper}'", f"set from=\"{mail.sender}\"", "set use_from=yes",
             "set record=''", "set copy=no", "set charset=utf-8", "set send_charset='us-ascii:utf-8'",
             "set hostname=mutt.example.org.uk"]
    lines += [f"my_hdr {h}" for h in mail.headers]
    rc.write_text("\n".join(lines) + "\n")
    cmd = ["mutt", "-n", "-F", str(rc), "-s", mail.subject]
    if mail.attachments:
        cmd += ["-a", *[str(p) for p in mail.attachments], "--"]
    _run(cmd + [mail.to], env=_env(work, MUTT_OUT=str(out)), stdin=mail.body.encode())
    if not out.is_file():
        raise ProducerError("mutt handed nothing to sendmail")
    return out.read_bytes()


def stamp(raw: bytes, message_id: str, date: str) -> bytes:
    """Make a composed message reproducible: fixed Message-ID and Date, boundaries from a hash."""
    head, sep, body = raw.partition(b"\n\n")
    head = re.sub(rb"(?mi)^Message-ID:.*$", b"Message-ID: <" + message_id.encode() + b">", head, count=1)
    head = re.sub(rb"(?mi)^Date:.*$", b"Date: " + date.encode(), head, count=1)
    raw = head + sep + body
    for n, boundary in enumerate(dict.fromkeys(re.findall(rb'boundary="([^"]+)"', raw))):
        fixed = f"=_h10_{hashlib.sha1(message_id.encode()).hexdigest()[:12]}_{n}".encode()
        raw = raw.replace(boundary, fixed)
    return raw


def available() -> list[str]:
    """The producers missing from PATH (empty when all are installed)."""
    return [p for p in ("soffice", "pandoc", "abiword", "mutt", "s-nail") if shutil.which(p) is None]
