"""The real programs that write this set's documents and mail: LibreOffice (``soffice --headless
--convert-to``, one start per target filter for many files), pandoc, AbiWord, mutt (batch mode,
a ``sendmail`` script that keeps the message), s-nail (``mta=test://`` mbox, ``-#`` batch
commands) and iconv. A missing or failing program raises :class:`ProducerError`; nothing is
skipped or faked.

Their output is then made stable for a seed: zip members get a fixed time, and a message's Date,
Message-ID and MIME boundaries are replaced by ones derived from the case.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

TIMEOUT = 180.0


class ProducerError(RuntimeError):
    """A producer is not installed, failed, or wrote nothing."""


def _run(cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
         stdin: bytes | None = None, timeout: float = TIMEOUT) -> bytes:
    if shutil.which(cmd[0]) is None:
        raise ProducerError(f"{cmd[0]} is not installed")
    full_env = {**os.environ, "LC_ALL": "C.UTF-8", **(env or {})}
    try:
        done = subprocess.run(cmd, cwd=cwd, env=full_env, input=stdin, capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as err:
        raise ProducerError(f"{cmd[0]} timed out after {timeout:.0f}s") from err
    if done.returncode != 0:
        raise ProducerError(f"{' '.join(cmd[:3])} failed ({done.returncode}): "
                            f"{done.stderr.decode(errors='replace')[-500:]}")
    return done.stdout


def soffice_convert(sources: list[Path], target: str, outdir: Path, profile: Path) -> None:
    """Convert every file of ``sources`` with the ``--convert-to`` ``target`` (e.g.
    ``docx:MS Word 2007 XML``) into ``outdir``, in one LibreOffice start with its own profile."""
    if not sources:
        return
    outdir.mkdir(parents=True, exist_ok=True)
    _run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
          "--convert-to", target, "--outdir", str(outdir), *map(str, sources)])
    ext = target.split(":")[0]
    missing = [s.name for s in sources if not (outdir / f"{s.stem}.{ext}").is_file()]
    if missing:
        raise ProducerError(f"soffice wrote no {ext} for {missing}")


def pandoc(source: str, src_format: str, target: str, out: Path, *, standalone: bool = True) -> bytes:
    """``source`` converted by pandoc to ``target`` (written to ``out``; its bytes returned)."""
    cmd = ["pandoc", "-f", src_format, "-t", target, "-o", str(out)]
    if standalone:
        cmd += ["-s", "--metadata", "title=Case study form"]
    _run(cmd, stdin=source.encode("utf-8"))
    return out.read_bytes()


def abiword(source: Path, ext: str) -> bytes:
    """``source`` converted by AbiWord to the format of ``ext`` (html, docx, odt, rtf, doc, txt)."""
    out = source.with_name(f"{source.stem}-abi.{ext}")
    _run(["abiword", f"--to={ext}", "-o", str(out), str(source)], cwd=source.parent)
    if not out.is_file():
        raise ProducerError(f"abiword wrote no {out.name}")
    return out.read_bytes()


def iconv(text: str, charset: str) -> bytes:
    """``text`` encoded to ``charset`` by iconv."""
    return _run(["iconv", "-f", "UTF-8", "-t", charset], stdin=text.encode("utf-8"))


_KEEP = "#!/bin/sh\ncat > \"$KEEP_OUT\"\n"


def _muttrc(workdir: Path, sender: str, settings: tuple[str, ...]) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    keep = workdir / "keep.sh"
    keep.write_text(_KEEP)
    keep.chmod(0o755)
    name, _, address = sender.rpartition(" <")
    address = address.rstrip(">")
    rc = workdir / "muttrc"
    rc.write_text("\n".join([
        f'set sendmail="{keep}"', f'set from="{address}"', f'set realname="{name}"',
        "set use_from=yes", "set edit_headers=yes", 'set charset="utf-8"',
        'set send_charset="us-ascii:iso-8859-1:utf-8"', f'set hostname="{address.split("@")[-1]}"',
        "set copy=no", "set record=", *settings]) + "\n")
    return rc


def _mutt_run(cmd: list[str], workdir: Path, stdin: bytes) -> bytes:
    out = workdir / "sent.eml"
    out.unlink(missing_ok=True)
    _run(cmd, env={"HOME": str(workdir), "KEEP_OUT": str(out)}, stdin=stdin)
    if not out.is_file():
        raise ProducerError("mutt sent nothing")
    return out.read_bytes()


def mutt(draft: str, workdir: Path, sender: str, *, attachments: tuple[Path, ...] = (),
         settings: tuple[str, ...] = ()) -> bytes:
    """The message mutt sends in batch mode from ``draft`` (headers, blank line, body; read with
    ``-H``), with ``attachments`` and extra ``settings`` (muttrc lines)."""
    rc = _muttrc(workdir, sender, settings)
    draft_file = workdir / "draft.txt"
    draft_file.write_text(draft, encoding="utf-8")
    cmd = ["mutt", "-n", "-F", str(rc), "-H", str(draft_file)]
    if attachments:
        cmd += ["-a", *map(str, attachments), "--"]
    return _mutt_run(cmd, workdir, b"")


def mutt_html(html: bytes, subject: str, to: str, workdir: Path, sender: str) -> bytes:
    """The message mutt sends in batch mode with ``html`` (read from stdin) as a text/html body
    (``content_type`` is ignored for ``-H`` drafts, so the subject goes on the command line)."""
    rc = _muttrc(workdir, sender, ("set content_type=text/html",))
    return _mutt_run(["mutt", "-n", "-F", str(rc), "-s", subject, "--", to], workdir, html)


def snail(commands: str, workdir: Path, sender: str, *, mbox: bytes | None = None,
          options: tuple[str, ...] = ()) -> list[bytes]:
    """The messages s-nail sends while running ``commands`` in ``-#`` batch mode over ``mbox``
    (when given), each without its mbox ``From_`` line."""
    workdir.mkdir(parents=True, exist_ok=True)
    outbox = workdir / "outbox.mbox"
    outbox.unlink(missing_ok=True)
    cmd = ["s-nail", "-n", "-#", f"-Smta=test://{outbox}", f"-Sfrom={sender}",
           f"-Shostname={sender.rsplit('@', 1)[-1].rstrip('>')}", "-Sttycharset=utf-8",
           "-Sreply-to-honour=no", "-Sindentprefix=> ", *options]
    if mbox is not None:
        inbox = workdir / "inbox.mbox"
        inbox.write_bytes(mbox)
        cmd += ["-f", str(inbox)]
    _run(cmd, env={"HOME": str(workdir)}, stdin=commands.encode("utf-8"))
    if not outbox.is_file():
        raise ProducerError("s-nail sent nothing")
    messages = re.split(rb"(?m)^From [^\n]*\n", outbox.read_bytes())
    return [m.rstrip(b"\n") + b"\n" for m in messages if m.strip()]


def as_mbox(raw: bytes) -> bytes:
    """``raw`` as a one-message mbox (``From_`` line; body lines starting "From " quoted)."""
    body = re.sub(rb"(?m)^(>*From )", rb">\1", raw)
    return b"From sender@example.org Mon Mar  3 09:00:00 2025\n" + body.rstrip(b"\n") + b"\n\n"


_FIXED = (2025, 3, 4, 10, 20, 0)


def stable_zip(data: bytes) -> bytes:
    """A zip (docx/odt) rewritten with fixed member times and the producer's dates fixed."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename in ("docProps/core.xml", "meta.xml"):
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?", b"2025-03-04T10:20:00Z", body)
            if info.filename == "content.xml":
                body = _renumber_changes(body)
            if info.filename == "settings.xml":
                body = re.sub(rb'(config:name="Rsid(?:Root)?" config:type="int">)\d+', rb"\g<1>1048576", body)
            new = zipfile.ZipInfo(info.filename, date_time=_FIXED)
            new.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            new.external_attr = info.external_attr
            dst.writestr(new, body)
    return out.getvalue()


def _renumber_changes(xml: bytes) -> bytes:
    """LibreOffice names tracked changes after memory addresses (``ct94006238176224``)."""
    names: dict[bytes, bytes] = {}
    return re.sub(rb"\bct\d{6,}\b", lambda m: names.setdefault(m.group(0), b"ct%d" % (len(names) + 1)), xml)


def stable_pdf(data: bytes) -> bytes:
    """A PDF with its creation dates, document ID and checksum fixed (lengths kept, so offsets stay)."""
    data = re.sub(rb"D:\d{14}[^)]*", lambda m: b"D:20250304102000" + b"Z" * (len(m.group(0)) - 16), data)
    data = re.sub(rb"/DocChecksum /[0-9A-F]+",
                  lambda m: b"/DocChecksum /" + b"0" * (len(m.group(0)) - 14), data)
    return re.sub(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                  lambda m: m.group(0).replace(m.group(1), b"0" * len(m.group(1)))
                  .replace(m.group(2), b"1" * len(m.group(2))), data)


def stable_message(raw: bytes, *, date: str, message_id: str) -> bytes:
    """A producer's message with its Date and Message-ID replaced and its MIME boundaries renamed
    in order of appearance (mutt and s-nail draw them at random)."""
    head, sep, body = raw.partition(b"\n\n")
    head = re.sub(rb"(?m)^Date: .*$", b"Date: " + date.encode(), head, count=1)
    head = re.sub(rb"(?m)^Message-ID: .*$", b"Message-ID: " + message_id.encode(), head, count=1)
    raw = head + sep + body
    boundaries: list[bytes] = []
    for m in re.finditer(rb'boundary="?([^";\s]+)"?', raw):
        if m.group(1) not in boundaries:
            boundaries.append(m.group(1))
    for i, b in enumerate(boundaries):
        raw = raw.replace(b, f"=_h11_{i:02d}_{hash_bytes(message_id)}".encode())
    return raw


def hash_bytes(text: str) -> str:
    """A short stable token from ``text``."""
    value = 7
    for ch in text:
        value = (value * 131 + ord(ch)) % 4_294_967_291
    return f"{value:08x}"
