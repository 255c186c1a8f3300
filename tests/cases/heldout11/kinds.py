"""One builder per kind of case. A builder runs in two steps: called with the context and the
case's spec it writes its LibreOffice sources and registers their conversions (all cases' files
for one target are converted in one soffice start), and it returns a function that, after the
conversions, makes the message (with pandoc, AbiWord, mutt, s-nail, iconv and Python's email).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from email.utils import format_datetime
from pathlib import Path

from . import documents as docs
from . import mails
from . import producers as prod
from .content import (
    ATTACH_NOTES,
    CALL_ADDRESS,
    CALL_BODY,
    CALL_FROM,
    GREETINGS,
    NOTES,
    SIGNOFFS,
    Person,
    Submission,
    make_submission,
    signature,
)

FILTERS = {
    "docx": "docx:MS Word 2007 XML", "odt": "odt", "doc": "doc:MS Word 97", "rtf": "rtf",
    "pdf": "pdf:writer_pdf_Export", "html": "html:HTML (StarWriter)",
    "xhtml": "html:XHTML Writer File:UTF8", "txt": "txt:Text (encoded):UTF8",
}
MIME_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text", "doc": "application/msword",
    "rtf": "application/rtf", "pdf": "application/pdf",
}


@dataclass
class Spec:
    """One planned case: its number, variant, builder options and random source."""

    index: int
    variant: str
    options: dict[str, str]
    rng: random.Random
    problem: str | None = None

    @property
    def stem(self) -> str:
        return f"h{self.index:03d}-{self.variant}"

    @property
    def date(self) -> str:
        when = datetime(2025, 3, 3, 8, 5, tzinfo=UTC) + timedelta(minutes=437 * self.index)
        return format_datetime(when)

    def message_id(self, domain: str) -> str:
        return f"<h11.{self.index:03d}.{prod.hash_bytes(self.variant)}@{domain}>"


@dataclass
class Made:
    """A built case: the message, the submission it carries (``None``: not a submission), a note."""

    raw: bytes
    sub: Submission | None
    note: str


Finish = Callable[[], Made]


@dataclass
class Ctx:
    """The work folder and the LibreOffice conversions registered by the builders."""

    work: Path
    pending: dict[str, list[Path]] = field(default_factory=dict)

    def lo(self, stem: str, fodt: str, *targets: str) -> None:
        src = self.work / "src" / f"{stem}.fodt"
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text(fodt, encoding="utf-8")
        for target in targets:
            self.pending.setdefault(target, []).append(src)

    def convert(self) -> None:
        profile = self.work / "lo-profile"
        for target, sources in sorted(self.pending.items()):
            prod.soffice_convert(sources, FILTERS[target], self.work / "out" / target, profile)

    def out(self, stem: str, target: str) -> bytes:
        ext = FILTERS[target].split(":")[0]
        data = (self.work / "out" / target / f"{stem}.{ext}").read_bytes()
        return stable(data, ext)

    def dir(self, stem: str) -> Path:
        path = self.work / "cases" / stem
        path.mkdir(parents=True, exist_ok=True)
        return path


def stable(data: bytes, ext: str) -> bytes:
    """A produced file with its producer's timestamps fixed."""
    if ext in ("docx", "odt"):
        return prod.stable_zip(data)
    if ext == "pdf":
        return prod.stable_pdf(data)
    return data


def sender(person: Person) -> str:
    return f"{person.name} <{person.address}>"


def _sub(spec: Spec, *, straight: bool = False, labels: int | None = None) -> Submission:
    return make_submission(spec.rng, problem=spec.problem, straight=straight, labels=labels)


def _around(spec: Spec, sub: Submission, notes: tuple[str, ...] = NOTES) -> tuple[str, str, str]:
    return spec.rng.choice(GREETINGS), spec.rng.choice(notes), spec.rng.choice(SIGNOFFS)


def _subject(spec: Spec, sub: Submission) -> str:
    return spec.rng.choice((
        f"Case study submission – {sub.person.service.organisation}",
        "Library Leaders case study",
        f"Case study: {sub.answers['title'] or 'submission'}",
        "Submission for the case studies call"))


def _top(spec: Spec, msg: Message, sub: Submission, *, client: str) -> bytes:
    extra = {"outlook": (("X-Mailer", "Microsoft Outlook 16.0"),),
             "thunderbird": (("User-Agent",
                              "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Thunderbird/115.8.0"),),
             "apple": (("X-Mailer", "Apple Mail (2.3774.500.171.1.1)"),),
             "gmail": ()}[client]
    mails.top(msg, sender=sender(sub.person), subject=_subject(spec, sub), date=spec.date,
              message_id=spec.message_id(sub.person.service.domain), extra=extra)
    return mails.flatten(msg)


# --- HTML bodies written by converters -------------------------------------------------------


def lo_html_body(ctx: Ctx, spec: Spec) -> Finish:
    """The form written in LibreOffice and exported to HTML, sent as the mail body (text/html only,
    or with LibreOffice's plain-text export as the alternative)."""
    sub = _sub(spec)
    greeting, note, signoff = _around(spec, sub)
    layout, target = spec.options["layout"], spec.options.get("target", "html")
    alt = spec.options.get("alt") == "yes"
    src = docs.fodt(sub, layout, docs.Extras(heading=False), before=(greeting, note),
                    after=(signoff, sub.person.name, sub.person.job, sub.person.service.council))
    ctx.lo(spec.stem, src, target, *(("txt",) if alt else ()))

    def finish() -> Made:
        html = ctx.out(spec.stem, target)
        cte = spec.options.get("cte", "quoted-printable")
        if spec.options.get("via") == "mutt":
            raw = prod.mutt_html(html, _subject(spec, sub), CALL_ADDRESS, ctx.dir(spec.stem),
                                 sender(sub.person))
            return Made(_stable(spec, sub, raw), sub, f"LibreOffice {layout} form exported to {target} "
                        "and sent by mutt as a text/html body")
        part = mails.leaf("text/html", html, cte=cte, charset="utf-8")
        if alt:
            text = ctx.out(spec.stem, "txt").decode("utf-8-sig")
            plain = mails.leaf("text/plain", text.encode("utf-8"), cte=cte, charset="utf-8")
            part = mails.multipart("alternative", [plain, part], f"=_alt_{spec.index}")
        return Made(_top(spec, part, sub, client=spec.rng.choice(("outlook", "thunderbird"))), sub,
                    f"LibreOffice {layout} form exported to {target} as the mail body ({cte})"
                    + (" with LibreOffice's text export as text/plain alternative" if alt else ""))
    return finish


def pandoc_html(ctx: Ctx, spec: Spec) -> Finish:
    """The form written as markdown and made HTML by pandoc, sent as the body."""
    sub = _sub(spec)
    greeting, note, signoff = _around(spec, sub)
    layout = spec.options["layout"]
    md = docs.markdown(sub, layout, before=(greeting, note),
                       after=(signoff, sub.person.name, sub.person.job))

    def finish() -> Made:
        work = ctx.dir(spec.stem)
        html = prod.pandoc(md, "markdown", "html5", work / "body.html")
        cte = spec.options.get("cte", "quoted-printable")
        part = mails.leaf("text/html", html, cte=cte, charset="utf-8")
        alt = spec.options.get("alt") == "yes"
        if alt:
            text = prod.pandoc(md, "markdown", "plain", work / "body.txt", standalone=False)
            part = mails.multipart("alternative", [mails.leaf("text/plain", text, cte=cte, charset="utf-8"),
                                                   part], f"=_alt_{spec.index}")
        return Made(_top(spec, part, sub, client="gmail"), sub,
                    f"pandoc 2.17 HTML ({layout}) as the mail body ({cte})"
                    + (" with pandoc's plain text as alternative" if alt else ""))
    return finish


def abiword_html(ctx: Ctx, spec: Spec) -> Finish:
    """The form imported by AbiWord and exported to HTML, sent as the body."""
    sub = _sub(spec)
    greeting, note, signoff = _around(spec, sub)
    layout = spec.options["layout"]
    page = docs.html_form(sub, layout, before=(greeting, note), after=(signoff, sub.person.name))

    def finish() -> Made:
        work = ctx.dir(spec.stem)
        src = work / "form.html"
        src.write_text(page, encoding="utf-8")
        html = prod.abiword(src, "html")
        part = mails.leaf("text/html", html, cte="quoted-printable", charset="utf-8")
        alt = spec.options.get("alt") == "yes"
        if alt:
            text = prod.abiword(src, "txt")
            part = mails.multipart("alternative", [
                mails.leaf("text/plain", text, cte="quoted-printable", charset="utf-8"), part],
                f"=_alt_{spec.index}")
        return Made(_top(spec, part, sub, client="apple"), sub,
                    f"AbiWord 3.0 HTML export ({layout}) as the mail body"
                    + (" with AbiWord's text export as alternative" if alt else ""))
    return finish


# --- typed bodies in other charsets and transfer encodings ----------------------------------


def typed_charset(ctx: Ctx, spec: Spec) -> Finish:
    """The form typed into a plain-text body, encoded by iconv to ``charset`` and declared as
    ``declared`` (the same, or wrong on purpose), in transfer encoding ``cte``."""
    charset = spec.options["charset"]
    declared = spec.options.get("declared", charset)
    cte = spec.options["cte"]
    sub = _sub(spec, straight=charset.lower() in ("iso-8859-1", "us-ascii"))
    greeting, note, signoff = _around(spec, sub)
    layout = spec.options.get("layout", "lines")
    lines = [greeting, "", note, "", *docs.typed_form(sub, layout), signoff, sub.person.first, "",
             *signature(sub.person)]
    text = "\n".join(lines) + "\n"

    def finish() -> Made:
        data = prod.iconv(text, charset)
        part = mails.leaf("text/plain", data, cte=cte, charset=declared)
        wrong = "" if declared == charset else f", declared {declared}"
        return Made(_top(spec, part, sub, client=spec.options.get("client", "outlook")), sub,
                    f"typed form ({layout}) in a text/plain body: {charset} by iconv, {cte}{wrong}")
    return finish


def snail_latin1(ctx: Ctx, spec: Spec) -> Finish:
    """The form typed into s-nail, which sends it as ISO-8859-1 (``sendcharsets``), 8bit or QP."""
    sub = _sub(spec, straight=True)
    greeting, note, signoff = _around(spec, sub)
    layout = spec.options.get("layout", "colon")
    body = "\n".join([greeting, "", note, "", *docs.typed_form(sub, layout), signoff, sub.person.first])

    def finish() -> Made:
        subject = _subject(spec, sub).replace("–", "-")
        cmds = f"mail {CALL_ADDRESS}\n~s {subject}\n{body}\n~.\nquit\n"
        raws = prod.snail(cmds, ctx.dir(spec.stem), sender(sub.person),
                          options=("-Ssendcharsets=iso-8859-1", "-Smime-encoding=" + spec.options["enc"]))
        return Made(_stable(spec, sub, raws[0]), sub,
                    f"typed form ({layout}) sent by s-nail as ISO-8859-1 ({spec.options['enc']})")
    return finish


# --- attachments with unhelpful metadata ----------------------------------------------------

_META = {
    "octet": "application/octet-stream with the right filename",
    "octet_noext": "application/octet-stream, filename without extension",
    "named_doc": ".docx bytes named .doc as application/msword",
    "name_only": "no Content-Disposition, only a name= parameter on Content-Type",
    "rfc2231": "RFC 2231 encoded non-ASCII filename, RFC 2047 name=",
    "inline": "Content-Disposition inline with a filename",
}


def odd_attachment(ctx: Ctx, spec: Spec) -> Finish:
    """A LibreOffice form attached with misleading or missing metadata (``meta``)."""
    sub = _sub(spec)
    fmt, layout, meta = spec.options["fmt"], spec.options["layout"], spec.options["meta"]
    ctx.lo(spec.stem, docs.fodt(sub, layout), fmt)
    greeting, note, signoff = _around(spec, sub, ATTACH_NOTES)

    def finish() -> Made:
        data = ctx.out(spec.stem, fmt)
        base = f"Case study form - {sub.person.service.organisation}"
        text = "\n".join(mails.covering(sub.person, greeting, note, signoff)) + "\n"
        body = mails.leaf("text/plain", text.encode("utf-8"), cte="quoted-printable", charset="utf-8")
        ctype = MIME_TYPES[fmt]
        if meta == "octet":
            att = mails.attachment("application/octet-stream", data, filename=f"{base}.{fmt}",
                                   name=f"{base}.{fmt}")
        elif meta == "octet_noext":
            att = mails.attachment("application/octet-stream", data, filename="casestudy", name="casestudy")
        elif meta == "named_doc":
            att = mails.attachment("application/msword", data, filename=f"{base}.doc", name=f"{base}.doc")
        elif meta == "name_only":
            att = mails.attachment(ctype, data, filename=None, name=f"{base}.{fmt}", disposition=None)
        elif meta == "rfc2231":
            fancy = f"Étude de cas – {sub.person.name}.{fmt}"
            att = mails.attachment(ctype, data, filename=fancy, name=fancy, rfc2231=True)
        else:
            att = mails.attachment(ctype, data, filename=f"{base}.{fmt}", name=f"{base}.{fmt}",
                                   disposition="inline")
        msg = mails.multipart("mixed", [body, att], f"=_mix_{spec.index}")
        return Made(_top(spec, msg, sub, client=spec.rng.choice(("outlook", "apple", "thunderbird"))), sub,
                    f"LibreOffice {fmt} ({layout}) attached: {_META[meta]}")
    return finish


# --- LibreOffice forms as attachments -----------------------------------------------------------


def lo_attached(ctx: Ctx, spec: Spec) -> Finish:
    """A LibreOffice form (``fmt``, ``layout``, extras) attached by mutt."""
    flags = spec.options.get("extras", "")
    sub = _sub(spec)
    extras = docs.Extras(fields="fields" in flags, comment="comment" in flags, tracked="tracked" in flags,
                         controls="controls" in flags, heading=spec.rng.random() < 0.7)
    if extras.tracked:
        paras = (sub.answers["description"] or "").split("\n\n")
        paras[0] = paras[0][:-1] + docs.INSERTED + "."
        sub.answers["description"] = "\n\n".join(paras)
    fmt, layout = spec.options["fmt"], spec.options["layout"]
    ctx.lo(spec.stem, docs.fodt(sub, layout, extras), fmt)
    greeting, note, signoff = _around(spec, sub, ATTACH_NOTES)

    def finish() -> Made:
        work = ctx.dir(spec.stem)
        path = work / f"Case study form {sub.person.service.organisation.split()[0]}.{fmt}"
        path.write_bytes(ctx.out(spec.stem, fmt))
        body = "\n".join(mails.covering(sub.person, greeting, note, signoff)) + "\n"
        raw = prod.mutt(_draft(sub, _subject(spec, sub), body), work, sender(sub.person), attachments=(path,))
        what = ", ".join(flags.split("+")) if flags else "plain"
        return Made(_stable(spec, sub, raw), sub,
                    f"LibreOffice 7.4 {fmt} form ({layout}; {what}) attached by mutt"
                    + ("; tracked changes: old title deleted, a phrase inserted in the description (counts)"
                       if extras.tracked else "")
                    + ("; a reviewer comment on the title label (not an answer)" if extras.comment else ""))
    return finish


def other_attached(ctx: Ctx, spec: Spec) -> Finish:
    """A form written by pandoc (markdown) or AbiWord (HTML import), attached by mutt."""
    sub = _sub(spec)
    tool, fmt, layout = spec.options["tool"], spec.options["fmt"], spec.options["layout"]
    greeting, note, signoff = _around(spec, sub, ATTACH_NOTES)

    def finish() -> Made:
        work = ctx.dir(spec.stem)
        path = work / f"casestudy.{fmt}"
        if tool == "pandoc":
            data = prod.pandoc(docs.markdown(sub, layout), "markdown", fmt, work / f"pandoc.{fmt}")
        else:
            src = work / "form.html"
            src.write_text(docs.html_form(sub, layout), encoding="utf-8")
            data = prod.abiword(src, fmt)
        path.write_bytes(stable(data, fmt))
        body = "\n".join(mails.covering(sub.person, greeting, note, signoff)) + "\n"
        raw = prod.mutt(_draft(sub, _subject(spec, sub), body), work, sender(sub.person), attachments=(path,))
        return Made(_stable(spec, sub, raw), sub, f"{tool} {fmt} form ({layout}) attached by mutt")
    return finish


# --- replies, forwards, resubmissions --------------------------------------------------------

_CALL_ID = "<call-2025@libraryleaders.example.org>"


def call_message() -> bytes:
    """The call for case studies as it reached the heads of service."""
    return (f"From: {CALL_FROM}\nTo: heads-of-service@lists.example.org\nSubject: Call for case studies"
            f"\nDate: Mon, 3 Mar 2025 09:00:00 +0000\nMessage-ID: {_CALL_ID}\nMIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
            f"{CALL_BODY}").encode()


def _quoted(text: str) -> list[str]:
    return [("> " + line).rstrip() if line else ">" for line in text.rstrip("\n").split("\n")]


def mutt_reply(ctx: Ctx, spec: Spec) -> Finish:
    """A top-posted reply composed in mutt: a note, the typed form, a signature, then the call
    quoted under mutt's attribution line."""
    sub = _sub(spec)
    greeting, note, signoff = _around(spec, sub)
    layout = spec.options.get("layout", "lines")
    body = [greeting, "", note, "", *docs.typed_form(sub, layout), signoff, sub.person.first, "", "-- ",
            *signature(sub.person)[:4], "",
            "On Mon, Mar 03, 2025 at 09:00:00AM +0000, Case Studies Team wrote:",
            *_quoted(CALL_BODY)]

    def finish() -> Made:
        raw = prod.mutt(_draft(sub, "Re: Call for case studies", "\n".join(body) + "\n",
                               headers=(("In-Reply-To", _CALL_ID), ("References", _CALL_ID))),
                        ctx.dir(spec.stem), sender(sub.person))
        return Made(_stable(spec, sub, raw), sub,
                    f"mutt reply to the call: note and typed form ({layout}) on top, signature, the call "
                    "(with its empty labels) quoted below")
    return finish


def snail_reply(ctx: Ctx, spec: Spec) -> Finish:
    """A reply composed in s-nail: ``quote`` puts the call first with the form typed below it;
    ``top`` types the form first and interpolates the call quoted (``~m``) below."""
    sub = _sub(spec)
    greeting, note, signoff = _around(spec, sub)
    layout = spec.options.get("layout", "lines")
    form = "\n".join([greeting, "", note, "", *docs.typed_form(sub, layout), signoff, sub.person.first])
    top_post = spec.options["mode"] == "top"

    def finish() -> Made:
        if top_post:
            cmds = (f"reply 1\n{form}\n\nOn Mon, 3 Mar 2025 at 09:00, Case Studies Team wrote:\n"
                    "~m 1\n~.\nquit\n")
            opts: tuple[str, ...] = ("-Y", "headerpick type ignore from to subject date message-id "
                                     "mime-version content-type content-transfer-encoding status")
        else:
            cmds = f"reply 1\n{form}\n~.\nquit\n"
            opts = ("-Squote",)
        raws = prod.snail(cmds, ctx.dir(spec.stem), sender(sub.person), mbox=prod.as_mbox(call_message()),
                          options=opts)
        return Made(_stable(spec, sub, raws[0]), sub,
                    "s-nail reply to the call: "
                    + ("form on top, the call quoted below with ~m" if top_post
                       else "the call quoted first, form typed below"))
    return finish


def _submitter_mail(spec: Spec, sub: Submission, work: Path, *, with_docx: Path | None) -> bytes:
    greeting, note, signoff = _around(spec, sub, ATTACH_NOTES if with_docx else NOTES)
    if with_docx:
        body = "\n".join(mails.covering(sub.person, greeting, note, signoff))
    else:
        body = "\n".join([greeting, "", note, "", *docs.typed_form(sub, "lines"), signoff, sub.person.first,
                          "", "-- ", *signature(sub.person)])
    raw = prod.mutt(_draft(sub, _subject(spec, sub), body + "\n", to=STAFF),
                    work, sender(sub.person), attachments=(with_docx,) if with_docx else ())
    date = format_datetime(datetime(2025, 3, 1, 11, spec.index % 60, tzinfo=UTC))
    return prod.stable_message(raw, date=date, message_id=f"<orig.{spec.index}@{sub.person.service.domain}>")


STAFF = "Robin Aske <robin.aske@libraryleaders.example.org>"


def mutt_forward(ctx: Ctx, spec: Spec) -> Finish:
    """Staff forward a submitter's mail as a message/rfc822 attachment with mutt; the submitter's
    own mail (typed form, or a LibreOffice .docx) is made by mutt too."""
    sub = _sub(spec)
    inner_docx = spec.options["inner"] == "docx"
    if inner_docx:
        ctx.lo(spec.stem, docs.fodt(sub, spec.options.get("layout", "table2")), "docx")

    def finish() -> Made:
        work = ctx.dir(spec.stem)
        docx: Path | None = None
        if inner_docx:
            docx = work / "Case study form.docx"
            docx.write_bytes(ctx.out(spec.stem, "docx"))
        inner = _submitter_mail(spec, sub, work / "inner", with_docx=docx)
        eml = work / "case study submission.eml"
        eml.write_bytes(inner)
        outer = ("To: " + CALL_ADDRESS + "\nSubject: Fwd: " + _subject(spec, sub) + "\n\nHi team,\n\n"
                 "This came to my own address rather than the case studies inbox - forwarding it as an "
                 "attachment.\n\nThanks,\nRobin\n")
        raw = prod.mutt(outer, work / "outer", STAFF, attachments=(eml,))
        return Made(_stable(spec, None, raw, domain="libraryleaders.example.org"), sub,
                    "staff forward (mutt) with the submitter's mail as a message/rfc822 attachment ("
                    + ("LibreOffice .docx in it" if inner_docx else "typed form in it")
                    + "); fields are the submitter's")
    return finish


def snail_forward(ctx: Ctx, spec: Spec) -> Finish:
    """Staff forward a submitter's mail inline with s-nail (its "Original Message" block, then the
    forwarder's short note under it, as s-nail places it)."""
    sub = _sub(spec)

    def finish() -> Made:
        work = ctx.dir(spec.stem)
        inner = _submitter_mail(spec, sub, work / "inner", with_docx=None)
        cmds = f"forward 1 {CALL_ADDRESS}\nForwarded for the case studies inbox.\n~.\nquit\n"
        raws = prod.snail(cmds, work, STAFF, mbox=prod.as_mbox(inner),
                          options=("-Y", "headerpick forward retain from to date subject"))
        return Made(_stable(spec, None, raws[0], domain="libraryleaders.example.org"), sub,
                    "s-nail inline forward by staff: 'Original Message' header block, the submitter's mail, "
                    "then the forwarder's one-line note; fields are the submitter's")
    return finish


def resubmission(ctx: Ctx, spec: Spec) -> Finish:
    """A corrected version: a note saying so, the new answers (typed, or a new .docx attached),
    and the earlier submission quoted below it (different title and summary)."""
    sub = _sub(spec)
    old = Submission(sub.person, dict(sub.answers), {}, dict(sub.labels))
    old.answers["title"] = "Draft title – please ignore"
    old.answers["summary"] = ("An earlier summary with the wrong figures, sent before the evaluation "
                              "was finished.")
    docx = spec.options["mode"] == "docx"
    if docx:
        ctx.lo(spec.stem, docs.fodt(sub, spec.options.get("layout", "bold_paras")), "docx")
    note = ("Apologies - please use this corrected version instead of the one I sent yesterday; the "
            "title and the summary figures were wrong.")

    def finish() -> Made:
        work = ctx.dir(spec.stem)
        quoted = _quoted("\n".join(["Hello,", "", "Our case study is below.", "",
                                    *docs.typed_form(old, "lines"), "Best wishes,", sub.person.first]))
        attribution = f"On Tue, Mar 04, 2025 at 04:12:09PM +0000, {sub.person.name} wrote:"
        attachments: tuple[Path, ...] = ()
        if docx:
            path = work / "Case study form v2 CORRECTED.docx"
            path.write_bytes(ctx.out(spec.stem, "docx"))
            attachments = (path,)
            body = ["Hello again,", "", note + " The corrected form is attached.", "", "Best wishes,",
                    sub.person.first, "", attribution, *quoted]
        else:
            body = ["Hello again,", "", note, "", *docs.typed_form(sub, "lines"), "Best wishes,",
                    sub.person.first, "", attribution, *quoted]
        subject = "Re: " + _subject(spec, sub) + " - CORRECTED VERSION"
        raw = prod.mutt(_draft(sub, subject, "\n".join(body) + "\n"), work, sender(sub.person),
                        attachments=attachments)
        return Made(_stable(spec, sub, raw), sub,
                    "resubmission (mutt): 'corrected version' note, the new answers "
                    + ("in an attached LibreOffice .docx" if docx else "typed")
                    + ", the earlier version quoted below")
    return finish


# --- not submissions --------------------------------------------------------------------------


def nonsub(ctx: Ctx, spec: Spec) -> Finish:
    """Questions about the call, out-of-office replies and bounces: every field null."""
    sub = _sub(spec)
    person = sub.person
    what = spec.options["what"]

    def finish() -> Made:
        work = ctx.dir(spec.stem)
        if what == "question_reply":
            cmds = f"reply 1\nHello,\n\n{mails.QUESTIONS[0]}\n\nThanks,\n{person.first}\n~.\nquit\n"
            raw = prod.snail(cmds, work, sender(person), mbox=prod.as_mbox(call_message()),
                             options=("-Squote",))[0]
            return Made(_stable(spec, sub, raw), None,
                        "not a submission: s-nail reply asking about the deadline, the call with its "
                        "labels quoted")
        if what == "question_html":
            md = f"Dear team,\n\n{mails.QUESTIONS[1]}\n\nMany thanks,\n\n{person.name}\\\n{person.job}\n"
            html = prod.pandoc(md, "markdown", "html5", work / "q.html")
            part = mails.leaf("text/html", html, cte="base64", charset="utf-8")
            return Made(_top(spec, part, sub, client="gmail"), None,
                        "not a submission: a question about word limits (pandoc HTML body, base64)")
        if what == "autoreply":
            text = mails.AUTOREPLY.format(domain=person.service.domain, name=person.name, job=person.job)
            part = mails.leaf("text/plain", text.encode(), cte="7bit", charset="us-ascii")
            mails.top(part, sender=sender(person), subject="Automatic reply: Call for case studies",
                      date=spec.date,
                      message_id=spec.message_id(person.service.domain),
                      extra=(("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All"),
                             ("In-Reply-To", _CALL_ID)))
            return Made(mails.flatten(part), None,
                        "not a submission: out-of-office auto-reply (Auto-Submitted)")
        if what == "autoreply_quoting":
            text = (mails.AUTOREPLY.format(domain=person.service.domain, name=person.name, job=person.job)
                    + "\n\n-----Original Message-----\n" + CALL_BODY)
            part = mails.leaf("text/plain", text.encode(), cte="quoted-printable", charset="utf-8")
            mails.top(part, sender=sender(person), subject="Out of Office: Call for case studies",
                      date=spec.date,
                      message_id=spec.message_id(person.service.domain), extra=(("In-Reply-To", _CALL_ID),))
            return Made(mails.flatten(part), None,
                        "not a submission: out-of-office without Auto-Submitted, the call (empty "
                        "labels) below it")
        original = message_from_bytes(call_message())
        report = mails.dsn(reporting=f"mx1.{person.service.domain}", recipient=person.address,
                           original=original, headers_only=what == "dsn_headers",
                           boundary=f"=_dsn_{spec.index}")
        mails.top(report, sender=f"Mail Delivery System <MAILER-DAEMON@mx1.{person.service.domain}>",
                  subject="Undelivered Mail Returned to Sender", date=spec.date,
                  message_id=spec.message_id(f"mx1.{person.service.domain}"),
                  extra=(("Auto-Submitted", "auto-replied"),))
        return Made(mails.flatten(report), None, "not a submission: delivery status notification (RFC 3464) "
                    + ("with the returned headers only" if what == "dsn_headers"
                       else "returning the whole call"))
    return finish


# --- helpers ----------------------------------------------------------------------------------


def _draft(sub: Submission, subject: str, body: str, *, to: str = CALL_ADDRESS,
           headers: tuple[tuple[str, str], ...] = ()) -> str:
    head = [f"To: {to}", f"Subject: {subject}", *(f"{k}: {v}" for k, v in headers)]
    return "\n".join(head) + "\n\n" + body


def _stable(spec: Spec, sub: Submission | None, raw: bytes, *, domain: str | None = None) -> bytes:
    dom = domain or (sub.person.service.domain if sub else "example.org")
    return prod.stable_message(raw, date=spec.date, message_id=spec.message_id(dom))


BUILDERS: dict[str, Callable[[Ctx, Spec], Finish]] = {
    "lo_html_body": lo_html_body, "pandoc_html": pandoc_html, "abiword_html": abiword_html,
    "typed_charset": typed_charset, "snail_latin1": snail_latin1, "odd_attachment": odd_attachment,
    "lo_attached": lo_attached, "other_attached": other_attached, "mutt_reply": mutt_reply,
    "snail_reply": snail_reply, "mutt_forward": mutt_forward, "snail_forward": snail_forward,
    "resubmission": resubmission, "nonsub": nonsub,
}
