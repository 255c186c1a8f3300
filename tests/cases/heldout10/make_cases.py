"""Tenth held-out generator: forms and mail written by the real producers installed here.

Forms come from LibreOffice (docx, doc, odt, fodt, rtf, pdf, fillable PDF filled with pypdf), pandoc
(docx and odt from markdown) and AbiWord (doc, rtf, odt, docx); messages are composed by mutt and
s-nail (new mail, replies quoting the call, forwards, mailing-list and Google Group copies).
Written blind to the extraction code and to the other generators.

    python tests/cases/heldout10/make_cases.py OUT [--seed 10]

Writes ``OUT/NAME.eml`` and ``OUT/NAME.json`` in the corpus format that benchmarks/accuracy.py scores.
LibreOffice starts once per target format, not once per file.
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import json
import random
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.cases.heldout10 import mails, producers  # noqa: E402
from tests.cases.heldout10.content import (  # noqa: E402
    FORM_TITLES,
    INTROS,
    KEYS,
    LABELS,
    Answers,
    make_answers,
)
from tests.cases.heldout10.documents import (  # noqa: E402
    ACRO_NAMES,
    Layout,
    acro_html,
    fodt,
    html_form,
    markdown_form,
)
from tests.cases.heldout10.producers import Mail, SofficeBatch  # noqa: E402

BASE_EPOCH = int(datetime(2027, 1, 11, 9, 0, tzinfo=UTC).timestamp())
GROUP = "case-studies@googlegroups.com"


@dataclass
class Pending:
    """A case whose truth is known and whose message is made by ``finish`` after LibreOffice ran."""

    variant: str
    fields: dict[str, str | None]
    note: str
    finish: Callable[[], bytes]
    problems: dict[str, str]


def _missing(blank: frozenset[str]) -> dict[str, str]:
    return {k: "missing" for k in KEYS if k in blank}


class Generator:
    """Plans every case, runs the producers, and writes the corpus folder."""

    def __init__(self, out: Path, work: Path, seed: int) -> None:
        self.out, self.work, self.rng = out, work, random.Random(seed)
        self.batch = SofficeBatch(work)
        self.pending: list[Pending] = []
        self.epoch = BASE_EPOCH

    # --- helpers -----------------------------------------------------------------------------------

    def _next_epoch(self) -> int:
        self.epoch += self.rng.randrange(1200, 30000)
        return self.epoch

    def _stem(self) -> str:
        return f"h10-{len(self.pending) + 1:03d}"

    def _layout(self, style: str, guidance: str, *, titled: bool = True, blank: frozenset[str] = frozenset(),
                label_cm: float = 6.0) -> Layout:
        return Layout(style=style, title=self.rng.choice(FORM_TITLES) if titled else None,
                      intro=self.rng.choice(INTROS) if titled else None, guidance=guidance, blank=blank,
                      label_cm=label_cm)

    def _file_name(self, answers: Answers, ext: str) -> str:
        base = self.rng.choice(("Case study form", "LC case study", "case_study_submission",
                                "Case Study - {org}", "{org} case study"))
        name = base.format(org=answers.organisation.split()[0])
        return f"{name}.{ext}"

    def _stamp(self, raw: bytes, answers: Answers | None, epoch: int) -> bytes:
        domain = answers.domain if answers else "example.org.uk"
        digest = hashlib.sha1(f"{domain}|{epoch}".encode()).hexdigest()[:16]
        date = email.utils.format_datetime(datetime.fromtimestamp(epoch, UTC))
        return producers.stamp(raw, f"{digest}.{epoch}@{domain}", date)

    def _send(self, mail: Mail, answers: Answers | None, *, composer: str = "") -> bytes:
        """Compose with mutt or s-nail (chosen by the seed unless ``composer`` is given)."""
        epoch = self._next_epoch()
        composer = composer or self.rng.choice(("mutt", "s-nail"))
        if composer == "mutt":
            raw = producers.mutt_send(mail, self.work)
        else:
            raw = producers.snail_send(mail, self.work, epoch)
        return self._stamp(raw, answers, epoch)

    def _sender(self, answers: Answers) -> str:
        return f"{answers.name} <{answers.email}>"

    def _attach_later(self, answers: Answers, made: Path, ext: str, what: str,
                      headers: tuple[str, ...] = ()) -> Callable[[], bytes]:
        def finish() -> bytes:
            named = self.work / "attach" / made.stem / self._file_name(answers, ext)
            named.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(made, named)
            body = mails.covering_note(self.rng, answers, what)
            mail = Mail(self._sender(answers), mails.INBOX, self._subject(answers), body, (named,), headers)
            return self._send(mail, answers)
        return finish

    def _subject(self, answers: Answers) -> str:
        return self.rng.choice(("Case study submission", f"Case study: {answers.title}",
                                f"Call for case studies \u2013 {answers.organisation}",
                                "Re: Call for case studies", "Our case study"))

    def _add(self, variant: str, answers: Answers | None, note: str, finish: Callable[[], bytes],
             blank: frozenset[str] = frozenset(), problems: dict[str, str] | None = None) -> None:
        fields = answers.fields(blank) if answers else dict.fromkeys(KEYS)
        self.pending.append(Pending(variant, fields, note, finish,
                                    _missing(blank) if problems is None else problems))

    # --- attached forms ------------------------------------------------------------------------------

    def libreoffice(self, target: str, style: str, guidance: str, *, blank: frozenset[str] = frozenset(),
                    titled: bool = True, label_cm: float = 6.0, variant: str = "") -> None:
        answers = make_answers(self.rng)
        layout = self._layout(style, guidance, titled=titled, blank=blank, label_cm=label_cm)
        src = self.work / "fodt-src" / f"{self._stem()}.fodt"
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text(fodt(answers, layout), encoding="utf-8")
        made = self.batch.add(src, target)
        note = (f"LibreOffice 7.4 {target} form attached ({style} layout, guidance {guidance}"
                f"{f', label column {label_cm:.1f} cm' if target == 'pdf' else ''}"
                f"{', title ' + repr(layout.title) + ' and an introduction' if titled else ', no title'}"
                f"{', left blank: ' + ','.join(sorted(blank)) if blank else ''})")
        self._add(variant or f"lo_{target}_{style}", answers, note,
                  self._attach_later(answers, made, target, "form"), blank)

    def acroform(self, naming: str, *, blank: frozenset[str] = frozenset(), titled: bool = True,
                 guidance: str = "none") -> None:
        answers = make_answers(self.rng)
        names = dict(ACRO_NAMES) if naming == "named" else {k: f"Text{i}" for i, k in enumerate(KEYS, 1)}
        layout = self._layout("beside" if naming == "beside" else "above", guidance, titled=titled)
        src = self.work / "acro-src" / f"{self._stem()}.html"
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text(acro_html(names, layout), encoding="utf-8")
        empty = self.batch.add(src, "pdf", infilter="HTML (StarWriter)")
        values = {names[k]: answers.value(k) for k in KEYS if k not in blank}
        tips = {names[k]: LABELS[k] for k in KEYS} if naming == "tooltip" else {}
        checked = ["consent"] + (["photos"] if self.rng.random() < 0.5 else [])

        def finish() -> bytes:
            filled = self.work / "acro-filled" / f"{empty.stem}.pdf"
            filled.parent.mkdir(parents=True, exist_ok=True)
            producers.fill_acroform(empty, filled, values, checked, tips)
            return self._attach_later(answers, filled, "pdf", "fillable PDF form")()

        note = (f"fillable PDF (AcroForm) exported by LibreOffice and filled with pypdf; fields named "
                f"{'after the questions' if naming == 'named' else 'Text1..Text8'}"
                f"{' with the label as tooltip (/TU)' if naming == 'tooltip' else ''}"
                f"{', label printed beside each widget' if naming == 'beside' else ''}; check boxes ticked"
                f"{', left blank: ' + ','.join(sorted(blank)) if blank else ''}")
        self._add(f"acroform_{naming}", answers, note, finish, blank)

    def pandoc(self, target: str, style: str, guidance: str, *, blank: frozenset[str] = frozenset()) -> None:
        answers = make_answers(self.rng)
        layout = self._layout(style, guidance, titled=self.rng.random() < 0.8, blank=blank)
        made = self.work / "pandoc" / f"{self._stem()}.{target}"
        made.parent.mkdir(parents=True, exist_ok=True)
        producers.pandoc(markdown_form(answers, layout), made, self.work)
        shape = "pipe table Question | Your answer" if style == "table" else "bold label paragraphs"
        note = (f"pandoc 2.17 {target} from markdown ({shape}"
                f", guidance {guidance}{', title heading and introduction' if layout.title else ''}"
                f"{', left blank: ' + ','.join(sorted(blank)) if blank else ''})")
        self._add(f"pandoc_{target}_{style}", answers, note,
                  self._attach_later(answers, made, target, "form"), blank)

    def abiword(self, target: str, style: str, guidance: str, *, blank: frozenset[str] = frozenset()) -> None:
        answers = make_answers(self.rng)
        layout = self._layout(style, guidance, titled=self.rng.random() < 0.8, blank=blank)
        made = self.work / "abiword" / f"{self._stem()}.{target}"
        made.parent.mkdir(parents=True, exist_ok=True)
        producers.abiword(html_form(answers, layout), made, self.work)
        inside = " (RTF inside, as AbiWord writes .doc)" if target == "doc" else ""
        note = (f"AbiWord 3.0 {target}{inside} from HTML ({style} layout, guidance {guidance}"
                f"{', title heading and introduction' if layout.title else ''}"
                f"{', left blank: ' + ','.join(sorted(blank)) if blank else ''})")
        self._add(f"abiword_{target}_{style}", answers, note,
                  self._attach_later(answers, made, target, "form"), blank)

    # --- bodies --------------------------------------------------------------------------------------

    def body_title(self) -> None:
        answers = make_answers(self.rng)
        title, intro = self.rng.choice(FORM_TITLES), self.rng.choice(INTROS)
        body = (f"{title}\n\n{intro}\n\n{mails.labelled(answers)}\n{mails.sign_off(self.rng, answers)}")
        mail = Mail(self._sender(answers), mails.INBOX, self._subject(answers), body)
        self._add("body_title_intro", answers,
                  f"plain-text body copied from the form: title {title!r}, introduction paragraph, then "
                  "labelled answers", lambda: self._send(mail, answers))

    def numbered_fit(self) -> None:
        answers = make_answers(self.rng)
        style = self.rng.choice(mails.NUMBER_STYLES)
        as_reply = self.rng.random() < 0.5
        text = mails.numbered(answers, style)
        if as_reply:
            def finish() -> bytes:
                typed = f"Hello,\n\nMy answers, by number:\n\n{text}\n{mails.sign_off(self.rng, answers)}\n~Q"
                return self._reply(answers, typed, ("quote-inject-head=On %d, %f wrote:\\n",))
        else:
            body = f"Hi,\n\n{text}\n{mails.sign_off(self.rng, answers)}"
            mail = Mail(self._sender(answers), mails.INBOX, "Case study", body)

            def finish() -> bytes:
                return self._send(mail, answers)
        how = "s-nail reply to the call, call quoted below" if as_reply else "new message"
        self._add("numbered_fit", answers, f"eight answers numbered {style.format(n=1).strip()!r} without "
                  f"labels, in the form's order ({how})", finish)

    def numbered_misfit(self) -> None:
        answers = make_answers(self.rng)
        what, items = mails.misfit_items(self.rng, answers)
        text = mails.numbered(answers, self.rng.choice(mails.NUMBER_STYLES), items)
        body = f"Hello,\n\nHere are our answers:\n\n{text}\n{mails.sign_off(self.rng, answers)}"
        mail = Mail(self._sender(answers), mails.INBOX, "Case study answers", body)
        blank = frozenset(KEYS)
        self._add("numbered_misfit", None, f"numbered answers without labels that do not fit the form "
                  f"({what}): must not be read by position; every field null and missing",
                  lambda: self._send(mail, answers), blank, _missing(blank))

    def _reply(self, answers: Answers, typed: str, settings: tuple[str, ...] = ()) -> bytes:
        epoch = self._next_epoch()
        call = producers.snail_send(Mail(mails.INBOX, self._sender(answers), "Call for case studies 2027",
                                         mails.call_email()), self.work, epoch - 86400 * 20)
        raw = producers.snail_respond(call, "reply 1", typed, self._sender(answers), self.work, epoch,
                                      settings)
        return self._stamp(raw, answers, epoch)

    def group(self, kind: str) -> None:
        answers = make_answers(self.rng)
        first = answers.name
        person = self._sender(answers)
        headers: tuple[str, ...]
        if kind == "google":
            sender = f"'{first}' via Case studies <{GROUP}>"
            headers = (f"Reply-To: {person}", f"X-Original-From: {person}",
                       f"X-Original-Sender: {answers.email}",
                       "List-Id: <case-studies.googlegroups.com>", "Precedence: list",
                       f"Mailing-list: list {GROUP}; contact case-studies+owners@googlegroups.com",
                       f"List-Post: <mailto:{GROUP}>",
                       "List-Unsubscribe: <mailto:case-studies+unsubscribe@googlegroups.com>")
        else:
            listaddr = "heads-of-service@lists.librariesconnected.org.uk"
            sender = f"{first} via Heads-of-service <{listaddr}>"
            headers = (f"Reply-To: {person}", f"X-Original-From: {person}",
                       "List-Id: Heads of library services "
                       "<heads-of-service.lists.librariesconnected.org.uk>",
                       "Precedence: list", f"List-Post: <mailto:{listaddr}>",
                       "Sender: \"Heads-of-service\" "
                       "<heads-of-service-bounces@lists.librariesconnected.org.uk>")
        attach = self.rng.random() < 0.4
        if attach:
            layout = self._layout("table", "label")
            src = self.work / "fodt-src" / f"{self._stem()}.fodt"
            src.parent.mkdir(parents=True, exist_ok=True)
            src.write_text(fodt(answers, layout), encoding="utf-8")
            made = self.batch.add(src, "docx")

            def finish() -> bytes:
                named = self.work / "attach" / made.stem / self._file_name(answers, "docx")
                named.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(made, named)
                body = mails.covering_note(self.rng, answers, "case study form")
                return self._send(Mail(sender, GROUP, self._subject(answers), body, (named,), headers),
                                  answers, composer="s-nail")
        else:
            body = f"Dear all,\n\n{mails.labelled(answers)}\n{mails.sign_off(self.rng, answers)}"
            mail = Mail(sender, GROUP, self._subject(answers), body, (), headers)

            def finish() -> bytes:
                return self._send(mail, answers, composer="s-nail")
        where = "a Google Group" if kind == "google" else "a Mailman list with DMARC From rewriting"
        self._add(f"list_{kind}", answers, f"submission through {where}: From {sender!r}, Reply-To and "
                  f"X-Original-From the author, List-Id, Precedence: list; "
                  f"{'LibreOffice docx attached' if attach else 'labelled answers in the body'}", finish)

    def contact_lines(self) -> None:
        answers = make_answers(self.rng)
        rng = self.rng
        where = rng.choice(("lessons_tight", "lessons_gap", "name"))
        mob, tel = mails.phone(rng, True), mails.phone(rng, False)
        council = answers.organisation.replace(" Libraries", " Council")
        council = council.replace(" Library Service", " Council")
        block = rng.choice((f"Tel: {tel}\nMob: {mob}", f"M: {mob}\norg: {council}",
                            f"Tel: {tel} | M: {mob}\norg: {council}", f"Mob: {mob}"))
        if where == "name":
            after = {"name": block}
        elif where == "lessons_tight":
            after = {"lessons": block}
        else:
            after = {"lessons": "\n" + block}
        body = f"Hello,\n\n{mails.labelled(answers, after=after)}\n{mails.sign_off(rng, answers)}"
        mail = Mail(self._sender(answers), mails.INBOX, self._subject(answers), body)
        self._add("contact_lines", answers, f"labelled body; contact lines {block!r} typed after the "
                  f"{'name' if where == 'name' else 'last'} answer"
                  f"{' with no blank line' if where != 'lessons_gap' else ' after a blank line'}",
                  lambda: self._send(mail, answers))

    def reply_quoted(self) -> None:
        answers = make_answers(self.rng)
        top = self.rng.random() < 0.5
        sig = mails.signature(self.rng, answers).replace("\n", "\\n")
        settings = [f"message-inject-tail=\\n{sig}"]
        if self.rng.random() < 0.5:
            settings.append("quote-inject-head=On %d, %f wrote:\\n")
        form = mails.labelled(answers)
        greeting = self.rng.choice(("Hello,", "Dear Libraries Connected team,", "Hi,"))
        if top:
            typed = (f"{greeting}\n\nHere is our case study.\n\n{form}\n"
                     f"{mails.sign_off(self.rng, answers)}\n~Q")
        else:
            typed = f"~Q\n\n{greeting}\n\n{form}\n{mails.sign_off(self.rng, answers)}"
        self._add("reply_quoted", answers, f"s-nail reply to the call: labelled answers "
                  f"{'above' if top else 'below'} the quoted call, signature after '-- '",
                  lambda: self._reply(answers, typed, tuple(settings)))

    def forward(self, how: str) -> None:
        answers = make_answers(self.rng)
        colleague = make_answers(self.rng)
        fwd = f"{colleague.name} <{colleague.email}>"
        original_body = f"Hello,\n\n{mails.labelled(answers)}\n{mails.sign_off(self.rng, answers)}"
        note = (f"Forwarding the case study from {mails.first_name(answers)}, who is on leave this week.\n\n"
                f"Thanks,\n{mails.first_name(colleague)}\n")

        above = self.rng.random() < 0.5

        def finish() -> bytes:
            epoch = self._next_epoch()
            draft = Mail(self._sender(answers), fwd, "Case study draft", original_body)
            original = producers.snail_send(draft, self.work, epoch - 7200)
            if how == "attached":
                saved = self.work / "attach" / f"fwd-{epoch}" / "Case study draft.eml"
                saved.parent.mkdir(parents=True, exist_ok=True)
                saved.write_bytes(original)
                mail = Mail(fwd, mails.INBOX, "Fwd: Case study draft", note, (saved,))
                return self._stamp(producers.mutt_send(mail, self.work), colleague, epoch)
            # The note goes above the original (typed into forward-inject-head) or, as s-nail's
            # compose screen starts with the forwarded text, below it.
            settings = (f"forward-inject-head={note.replace(chr(10), chr(92) + 'n')}\\n"
                        "-------- Original Message --------\\n",) if above else ()
            raw = producers.snail_respond(original, f"forward 1 {mails.INBOX.split('<')[1].rstrip('>')}",
                                          "" if above else "\n" + note, fwd, self.work, epoch, settings)
            return self._stamp(raw, colleague, epoch)

        label = "mutt, original attached as message/rfc822" if how == "attached" else \
            ("s-nail forward command, original inline under '-------- Original Message --------', the "
             f"forwarder's note {'above' if above else 'below'} it")
        self._add(f"forward_{how}", answers, f"colleague forwards the author's labelled submission ({label})",
                  finish)

    def nonsub(self, kind: str) -> None:
        answers = make_answers(self.rng)
        if kind == "question":
            body = mails.question(self.rng, answers)
            mail = Mail(self._sender(answers), mails.INBOX, "Question about the case study call", body)

            def finish() -> bytes:
                return self._send(mail, answers)
            note = "not a submission: a question about the call (new message)"
        elif kind == "question_reply":
            typed = f"Hello,\n\n{self.rng.choice(mails.QUESTIONS)}\n\n{mails.sign_off(self.rng, answers)}\n~Q"

            def finish() -> bytes:
                return self._reply(answers, typed)
            note = "not a submission: a question sent as a reply, the call with its numbered questions quoted"
        else:
            body = self.rng.choice(mails.AUTOREPLIES) + "\n"
            headers = ("Auto-Submitted: auto-replied", "X-Autoreply: yes", "Precedence: bulk")
            mail = Mail(self._sender(answers), mails.INBOX, "Automatic reply: Call for case studies 2027",
                        body, (), headers)

            def finish() -> bytes:
                return self._send(mail, answers)
            note = "not a submission: an out-of-office auto-reply (Auto-Submitted: auto-replied)"
        self._add(f"nonsub_{kind}", None, note, finish, problems={})

    # --- the plan ------------------------------------------------------------------------------------

    def plan(self) -> None:
        """Every case, in a fixed order: about 90 of them."""
        for target, style, guidance in (
                ("docx", "table", "label"), ("docx", "table", "label"), ("docx", "paragraphs", "label"),
                ("docx", "table", "answer"), ("doc", "table", "none"), ("doc", "paragraphs", "label"),
                ("doc", "table", "label"), ("odt", "paragraphs", "label"), ("odt", "table", "none"),
                ("odt", "table", "answer"), ("fodt", "paragraphs", "none"), ("fodt", "table", "label"),
                ("fodt", "paragraphs", "label"), ("rtf", "table", "label"), ("rtf", "paragraphs", "none"),
                ("rtf", "table", "answer")):
            self.libreoffice(target, style, guidance, titled=self.rng.random() < 0.85)
        for cm in (5.2, 5.8, 6.4, 7.0, 6.0):
            self.libreoffice("pdf", "table", self.rng.choice(("none", "label")), label_cm=cm,
                             variant="lo_pdf_wrapped_labels")
        for target, style, guidance, blank in (
                ("docx", "paragraphs", "label", {"title"}), ("odt", "table", "answer", {"lessons"}),
                ("doc", "paragraphs", "label", {"summary", "lessons"}),
                ("pdf", "table", "label", {"job_title"}),
                ("pdf", "paragraphs", "label", {"lessons"})):
            self.libreoffice(target, style, guidance, blank=frozenset(blank), variant="lo_guidance_blank")
        for naming in ("named", "named", "named", "named", "tooltip", "tooltip", "tooltip",
                       "beside", "beside", "beside"):
            self.acroform(naming, titled=self.rng.random() < 0.7, guidance=self.rng.choice(("none", "label")))
        self.acroform("tooltip", blank=frozenset({"lessons"}))
        for target in ("docx", "odt"):
            for style, guidance, blank in (("table", "none", set()), ("table", "label", set()),
                                           ("table", "none", set()), ("labels", "none", set()),
                                           ("labels", "label", set()), ("labels", "label", {"title"})):
                self.pandoc(target, "table" if style == "table" else "paragraphs", guidance,
                            blank=frozenset(blank))
        for target, style, guidance in (("doc", "table", "label"), ("doc", "paragraphs", "none"),
                                        ("doc", "table", "none"), ("rtf", "table", "label"),
                                        ("rtf", "paragraphs", "label"), ("odt", "table", "none"),
                                        ("odt", "paragraphs", "label"), ("odt", "table", "answer"),
                                        ("docx", "table", "label"), ("docx", "paragraphs", "none"),
                                        ("docx", "table", "none")):
            self.abiword(target, style, guidance)
        self.abiword("odt", "paragraphs", "label", blank=frozenset({"description"}))
        for _ in range(3):
            self.body_title()
        for _ in range(6):
            self.numbered_fit()
        for _ in range(3):
            self.numbered_misfit()
        for kind in ("google", "google", "google", "google", "mailman", "mailman"):
            self.group(kind)
        for _ in range(5):
            self.contact_lines()
        for _ in range(4):
            self.reply_quoted()
        for how in ("attached", "attached", "inline", "inline"):
            self.forward(how)
        for kind in ("question", "question", "question_reply", "autoreply", "autoreply", "autoreply"):
            self.nonsub(kind)

    def write(self) -> int:
        """Run LibreOffice once per format, finish every message, write the folder; returns the count."""
        self.batch.run()
        self.out.mkdir(parents=True, exist_ok=True)
        for n, case in enumerate(self.pending, 1):
            cid = f"h10-{n:03d}"
            raw = case.finish()
            stem = f"{cid}-{case.variant}"
            (self.out / f"{stem}.eml").write_bytes(raw)
            truth = {"id": cid, "variant": case.variant, "fields": case.fields,
                     "problem_codes": case.problems, "note": case.note}
            (self.out / f"{stem}.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
        return len(self.pending)


def generate(out: Path, seed: int = 10) -> int:
    """Write the cases into ``out``; returns how many. Raises ProducerError if a producer fails."""
    missing = producers.available()
    if missing:
        raise producers.ProducerError(f"producers not installed: {', '.join(missing)}")
    with tempfile.TemporaryDirectory(prefix="heldout10-") as tmp:
        gen = Generator(out, Path(tmp), seed)
        gen.plan()
        return gen.write()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write NAME.eml + NAME.json into")
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args(argv)
    try:
        count = generate(args.out, args.seed)
    except producers.ProducerError as err:
        print(f"heldout10: {err}", file=sys.stderr)
        return 1
    print(f"wrote {count} cases to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

