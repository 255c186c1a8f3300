"""Generate the held-out-2 corpus: ~110 labelled emails (vNNN-VARIANT.eml + .json) in the shape of
/work/shared/corpus/synthetic (see its README), written independently of tests/cases/variants.

    python -m tests.cases.heldout2.make_cases [OUT_DIR]      (default /tmp/heldout2)

Deterministic: a fixed seed drives every choice, MIME boundaries, ids and dates; .docx zips carry
fixed timestamps. All people, projects and figures are fictional.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from tests.cases.heldout2 import content as C
from tests.cases.heldout2 import wordforms as W
from tests.cases.heldout2.mime import (
    SPACER,
    Ent,
    P,
    Run,
    Table,
    addr,
    file_ent,
    flowed,
    hardwrap,
    hdr_text,
    message,
    mp_ent,
    para,
    rfc822_ent,
    text_ent,
    to_html,
    to_text,
)

SEED = 20250328
DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SHORT_KEYS = {"name", "job_title", "email", "organisation", "title", "summary"}
LONG_KEYS = {"description", "lessons"}

# ---------------------------------------------------------------------------------------------
# people and answers
# ---------------------------------------------------------------------------------------------


def ascii_fold(s: str) -> str:
    s = s.replace("’", "").replace("'", "")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


@dataclass
class Person:
    name: str
    job: str
    council: str
    org: str
    place: str
    domain: str
    email: str
    first: str
    phone: str
    mobile: str


def make_person(row: Any, rng: random.Random) -> Person:
    name, job, council, org, place, domain = row
    parts = ascii_fold(name).lower().split()
    local = f"{parts[0]}.{parts[-1]}"
    return Person(name, job, council, org, place, domain, f"{local}@{domain}", name.split()[0],
                  f"01{rng.randint(200, 999)} {rng.randint(100000, 999999)}",
                  f"07{rng.randint(700, 999)} {rng.randint(100000, 999999)}")


@dataclass
class Item:
    key: str
    label: str
    paras: list[str] | None


@dataclass
class Form:
    items: list[Item]
    fields: dict[str, str | None]
    problems: dict[str, str]
    notes: list[str] = field(default_factory=list)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def words(text: str | None) -> int:
    return len(text.split()) if text else 0


def pick_labels(rng: random.Random, style: str) -> dict[str, str]:
    out = {}
    for k in C.KEYS:
        if style == "canon":
            out[k] = C.CANON[k]
        elif style == "edited":
            out[k] = rng.choice(C.EDITED[k]) if rng.random() < 0.7 else C.CANON[k]
        elif style == "own":
            out[k] = rng.choice(C.OWN[k])
        elif style == "mixed":
            out[k] = rng.choice(C.OWN[k]) if rng.random() < 0.5 else rng.choice(C.EDITED[k])
        elif style == "caps":
            out[k] = (rng.choice(C.EDITED[k]) if rng.random() < 0.4 else C.CANON[k]).upper()
        elif style == "caps_own":
            out[k] = rng.choice(C.OWN[k]).upper()
        else:
            raise ValueError(style)
    return out


def build_form(rng: random.Random, person: Person, project: dict[str, Any], label_style: str = "canon", *,
               labels: Any = None,
               order: Any = None, fillers: int | None = None, subheads: Any = False, bullets: Any = False,
               problem: Any = None,
               org_combo: Any = None) -> Form:
    """problem: (key, 'missing', 'blank'|'omit') | (key, 'over') | ('email', 'invalid', value)."""
    A = person.place
    lab = pick_labels(rng, label_style)
    if labels:
        lab.update(labels)
    summary = project["summary"].format(A=A)
    desc = [p.format(A=A) for p in project["description"]]
    if fillers is None:
        fillers = rng.choice([0, 0, 1, 2, 3])
    fill_pool = list(C.FILLER)
    rng.shuffle(fill_pool)
    desc_paras = desc + fill_pool[:fillers]
    lessons_paras = [project["lessons"]]
    notes = []
    if subheads:
        with_heads = []
        for i, p in enumerate(desc_paras):
            if i < len(C.SUBHEADINGS):
                with_heads.append(C.SUBHEADINGS[i])
            with_heads.append(p)
        desc_paras = with_heads
        notes.append("description has its own sub-headings (part of the answer)")
    if bullets:
        lessons_paras = ["- " + s for s in sentences(project["lessons"])]
        notes.append("lessons typed as '- ' bullet lines (kept as typed)")
    org_label = lab["organisation"]
    if (
        org_label.strip().title() in C.ORG_LABELS_WANT_COUNCIL
        or org_label.strip().capitalize() in C.ORG_LABELS_WANT_COUNCIL
    ):
        org = person.council
    elif org_combo or (org_combo is None and rng.random() < 0.25 and person.org != person.council):
        org = f"{person.org}, {person.council}"
    else:
        org = person.org
    answers: dict[str, Any] = {
        "name": [person.name],
        "job_title": [person.job],
        "email": [person.email],
        "organisation": [org],
        "title": [project["title"].format(A=A)],
        "summary": [summary],
        "description": desc_paras,
        "lessons": lessons_paras,
    }
    problems: dict[str, str] = {}
    omit = set()
    if problem:
        key, code = problem[0], problem[1]
        if code == "missing":
            problems[key] = "missing"
            if problem[2] == "omit":
                omit.add(key)
            answers[key] = None
            notes.append(
                f"{key} missing "
                f"({'label and answer left out' if problem[2] == 'omit' else 'label present, answer blank'})"
            )
        elif code == "over":
            problems[key] = "over_word_limit"
            if key == "summary":
                answers[key] = [summary + " " + C.SUMMARY_EXTRA]
            elif key == "description":
                answers[key] = desc + fill_pool
            elif key == "lessons":
                answers[key] = [project["lessons"] + " " + C.LESSONS_EXTRA, C.LESSONS_EXTRA2]
            notes.append(f"{key} over the word limit ({words(' '.join(answers[key]))} words)")
        elif code == "invalid":
            problems["email"] = "invalid"
            answers["email"] = [problem[2].format(local=person.email.split("@")[0], domain=person.domain,
                                                  domain_comma=person.domain.replace(".", ",", 1))]
            notes.append(f"invalid email {answers['email'][0]!r}")
    if problem and len(problem) > 3 and problem[3] == "also_lessons_over":
        problems["lessons"] = "over_word_limit"
        answers["lessons"] = [project["lessons"] + " " + C.LESSONS_EXTRA, C.LESSONS_EXTRA2]
        notes.append(f"lessons also over ({words(' '.join(answers['lessons']))} words)")
    keys = list(order) if order else list(C.KEYS)
    items = [Item(k, lab[k], answers[k]) for k in keys if k not in omit]
    fields = {k: ("\n\n".join(answers[k]) if answers[k] else None) for k in C.KEYS}
    # sanity: clean answers within limits, problem answers clearly over
    limits = {"summary": 50, "description": 750, "lessons": 100}
    for k, lim in limits.items():
        n = words(fields[k])
        if problems.get(k) == "over_word_limit":
            assert n > lim * 1.08, (k, n)
        else:
            assert n <= lim, (k, n, project["key"])
    return Form(items, fields, problems, notes)


# ---------------------------------------------------------------------------------------------
# body blocks
# ---------------------------------------------------------------------------------------------

NUMBERING = {
    "1.": lambda i: f"{i + 1}. ",
    "1)": lambda i: f"{i + 1}) ",
    "Q1": lambda i: f"Q{i + 1}. ",
    "(a)": lambda i: f"({chr(97 + i)}) ",
    "a)": lambda i: f"{chr(97 + i)}) ",
    "A.": lambda i: f"{chr(65 + i)}. ",
}


def form_blocks(form: Form, *, layout: Any = "inline", sep: Any = ":", number: Any = None, gap: Any = True,
                bold: Any = False,
                colon_in_bold: Any = True, gap_after_label: Any = False, long_inline: Any = False,
                link_email: Any = False,
                answer_color: Any = None) -> Any:
    blocks = []
    for i, it in enumerate(form.items):
        pre = NUMBERING[number](i) if number else ""
        label = pre + it.label
        if bold and not colon_in_bold:
            lab_runs = [Run(label, bold=True), Run(sep)]
        else:
            lab_runs = [Run(label + sep, bold=bold)]
        inline = layout == "inline" and sep != "" and (it.key in SHORT_KEYS or long_inline)

        def ans_runs(text: Any, key: Any = it.key) -> Any:
            if key == "email" and link_email and "@" in text and " " not in text:
                return [Run(text, href="mailto:" + text, color=answer_color)]
            return [Run(text, color=answer_color)]

        if not it.paras:
            blocks.append(P(lab_runs))
        elif inline:
            blocks.append(P(lab_runs + [Run(" ")] + ans_runs(it.paras[0])))
            for t in it.paras[1:]:
                blocks += [SPACER, P(ans_runs(t))]
        else:
            blocks.append(P(lab_runs))
            if gap_after_label:
                blocks.append(SPACER)
            for j, t in enumerate(it.paras):
                if j:
                    blocks.append(SPACER)
                blocks.append(P(ans_runs(t)))
        if gap and i < len(form.items) - 1:
            blocks.append(SPACER)
    return blocks


def form_table(form: Form, *, header: Any = None, bold_labels: Any = True, colon: Any = False) -> Any:
    rows = []
    if header:
        rows.append([[para(Run(h, bold=True))] for h in header])
    for it in form.items:
        lab = [para(Run(it.label + (":" if colon else ""), bold=bold_labels))]
        ans = [para(t) for t in it.paras] if it.paras else []
        if len(ans) > 1:
            spaced = []
            for j, p in enumerate(ans):
                if j:
                    spaced.append(SPACER)
                spaced.append(p)
            ans = spaced
        rows.append([lab, ans])
    return [Table(rows, header=bool(header))]


def signature(rng: random.Random, p: Person, *, rich: Any = False, style: Any = None,
              pronouns: Any = None) -> list[P]:
    style = style or rng.choice(["full", "short", "phones"])
    lines = [para(Run(p.name, bold=rich))]
    if pronouns:
        lines[0].runs.append(Run(f" ({pronouns})"))
    lines.append(para(p.job))
    lines.append(para(p.council))
    if style in ("full", "phones"):
        lines.append(para(f"Tel: {p.phone} | Mobile: {p.mobile}"))
    else:
        lines.append(para(f"T: {p.phone}"))
    if style == "full":
        lines.append(para(Run("www." + p.domain, href="https://www." + p.domain + "/")))
    if style == "phones":
        lines.append(para("Working days: Monday to Thursday"))
    return lines


def body_blocks(rng: random.Random, person: Person, form_part: Any, *, greeting: Any = True,
                intro: Any = True, intro_text: Any = None,
                closing: Any = False, signoff: Any = True, sig: Any = "plain", disclaimer: Any = False,
                rich: Any = False,
                iphone: Any = False, pronouns: Any = None, sig_style: Any = None) -> Any:
    b = []
    if greeting:
        b += [para(rng.choice(C.GREETINGS)), SPACER]
    if intro:
        b += [para(intro_text or rng.choice(C.INTROS)), SPACER]
    b += form_part
    if closing:
        b += [SPACER, para(rng.choice(C.CLOSINGS))]
    welsh = person.domain in C.WELSH_DOMAINS
    if signoff:
        pool = C.SIGNOFFS + (C.WELSH_SIGNOFFS * 3 if welsh else [])
        b += [SPACER, para(rng.choice(pool)), SPACER, para(person.first)]
    if sig != "none":
        b.append(SPACER)
        if sig == "dash":
            b.append(P([], "sigsep"))
        b += signature(rng, person, rich=rich, style=sig_style, pronouns=pronouns)
    if disclaimer:
        text = rng.choice(C.DISCLAIMERS if welsh else C.DISCLAIMERS[:3]).format(C=person.council)
        b += [SPACER, P([Run(text, small=True)])]
    if iphone:
        b += [SPACER, para("Sent from my iPhone")]
    return b


# ---------------------------------------------------------------------------------------------
# clients
# ---------------------------------------------------------------------------------------------

class Ids:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def hex(self, n: Any) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def HEX(self, n: Any) -> str:
        return self.hex(n).upper()

    def uuid(self) -> str:
        h = self.HEX(32)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def boundary(self, client: str) -> str:
        if client.startswith("outlook"):
            return f"_000_{self.HEX(4)}PR0{self.rng.randint(1, 9)}MB{self.rng.randint(1000, 9999)}_"
        if client.startswith("gmail"):
            return "0000000000" + self.hex(16)
        if client.startswith("apple"):
            return f"Apple-Mail={self.uuid()}"
        if client.startswith("iphone"):
            return f"Apple-Mail-{self.uuid()}"
        return "------------" + self.HEX(24)

    def msgid(self, client: str, domain: Any) -> str:
        if client.startswith("outlook"):
            a = f"{self.HEX(4)}PR0{self.rng.randint(1, 9)}MB{self.rng.randint(1000, 9999)}{self.HEX(6)}"
            b = f"{self.HEX(4)}PR0{self.rng.randint(1, 9)}MB{self.rng.randint(1000, 9999)}"
            return f"<{a}@{b}.eurprd0{self.rng.randint(1, 9)}.prod.outlook.com>"
        if client.startswith("gmail"):
            return f"<CA+{self.hex(30)}@mail.gmail.com>"
        if client.startswith(("apple", "iphone")):
            return f"<{self.uuid()}@{domain}>"
        return f"<{self.hex(8)}-{self.hex(4)}-{self.hex(4)}@{domain}>"


def when(rng: random.Random, day: Any = None) -> dt.datetime:
    d = day or rng.randint(3, 27)
    return dt.datetime(2025, 3, d, rng.randint(7, 18), rng.randint(0, 59), rng.randint(0, 59),
                       tzinfo=dt.UTC)


def render(client: str, blocks: Any, *, tail_text: Any = "", tail_html: Any = "", boundary: Any = "b") -> Ent:
    """The body entity of one message in the style of a mail client."""
    if client == "plain_qp":
        return text_ent(to_text(blocks) + tail_text)
    if client == "plain_8bit":
        return text_ent(to_text(blocks) + tail_text, cte="8bit")
    if client == "plain_b64":
        return text_ent(to_text(blocks) + tail_text, cte="base64")
    if client == "plain_latin1":
        return text_ent(to_text(blocks) + tail_text, charset="iso-8859-1", cte="quoted-printable")
    if client == "hardwrap":
        return text_ent(hardwrap(to_text(blocks) + tail_text), cte="8bit")
    if client == "flowed":
        return text_ent(flowed(to_text(blocks) + tail_text), params="; format=flowed", cte="8bit")
    if client in ("apple_plain", "iphone_plain"):
        return text_ent(to_text(blocks) + tail_text)
    if client == "outlook_html":
        return text_ent(to_html(blocks, "outlook", "windows-1252", tail_html), "html", "windows-1252")
    if client == "outlook_alt":
        return mp_ent(
            "alternative",
            [
                text_ent(
                    to_text(blocks, "outlook") + tail_text, charset="us-ascii" if _ascii(blocks) else "utf-8"
                ),
                text_ent(to_html(blocks, "outlook", "utf-8", tail_html), "html"),
            ],
            boundary,
        )
    if client == "outlook_alt_b64":
        return mp_ent("alternative", [
            text_ent(to_text(blocks, "outlook_sp") + tail_text, cte="base64"),
            text_ent(to_html(blocks, "outlook", "utf-8", tail_html), "html", cte="base64")], boundary)
    if client == "gmail_alt":
        return mp_ent("alternative", [
            text_ent(to_text(blocks, "star") + tail_text),
            text_ent(to_html(blocks, "gmail", "utf-8", tail_html), "html")], boundary)
    if client == "apple_alt":
        return mp_ent("alternative", [
            text_ent(to_text(blocks) + tail_text),
            text_ent(to_html(blocks, "apple", "utf-8", tail_html), "html")], boundary)
    if client == "iphone_alt":
        return mp_ent("alternative", [
            text_ent(to_text(blocks) + tail_text),
            text_ent(to_html(blocks, "iphone", "utf-8", tail_html), "html")], boundary)
    if client == "owa_alt":
        return mp_ent("alternative", [
            text_ent(to_text(blocks) + tail_text),
            text_ent(to_html(blocks, "owa", "utf-8", tail_html), "html")], boundary)
    if client == "generic_html":
        return text_ent(to_html(blocks, "generic", "utf-8", tail_html), "html")
    raise ValueError(client)


def _ascii(blocks: Any) -> bool:
    try:
        to_text(blocks, "outlook").encode("ascii")
        return True
    except UnicodeEncodeError:
        return False


def headers(client: str, ids: Ids, frm: Any, to: Any, subject: Any, date: Any, *, reply: Any = False,
            cc: Any = None, extra: Any = ()) -> Any:
    name, email = frm
    h = []
    if client.startswith("gmail"):
        h.append(("MIME-Version", "1.0"))
    h += [("From", addr(name, email)), ("To", to)]
    if cc:
        h.append(("CC", cc))
    h += [("Subject", hdr_text(subject)), ("Date", format_datetime(date)),
          ("Message-ID", ids.msgid(client, email.split("@")[1]))]
    if reply:
        h += [("In-Reply-To", C.CALL_MSGID), ("References", C.CALL_MSGID)]
    if client.startswith("outlook"):
        h += [("Thread-Topic", hdr_text(re.sub(r"^(RE|FW|Re|Fwd): ", "", subject))),
              ("Thread-Index", "AQH" + ids.hex(20)), ("Accept-Language", "en-GB, en-US"),
              ("Content-Language", "en-GB"), ("X-MS-Has-Attach", ""), ("X-MS-TNEF-Correlator", ""),
              ("msip_labels", "")]
    if client.startswith("apple"):
        h.append(("X-Mailer", "Apple Mail (2.3826.400.131.1.6)"))
    if client.startswith("iphone"):
        h.append(("X-Mailer", "iPhone Mail (22D82)"))
    if client in ("flowed", "hardwrap"):
        h.append(("User-Agent", "Mozilla Thunderbird"))
        h.append(("Content-Language", "en-GB"))
    h += list(extra)
    if not client.startswith("gmail"):
        if client.startswith("apple"):
            h.append(("Mime-Version", "1.0 (Mac OS X Mail 16.0 \\(3826.400.131.1.6\\))"))
        elif client.startswith("iphone"):
            h.append(("Mime-Version", "1.0 (1.0)"))
        else:
            h.append(("MIME-Version", "1.0"))
    return h


def with_attachments(body: Ent, atts: list[Ent], boundary: str) -> Ent:
    return mp_ent("mixed", [body] + atts, boundary)


# ---------------------------------------------------------------------------------------------
# quoted / forwarded material
# ---------------------------------------------------------------------------------------------

CALL_DATE_LONG = "Monday, February 3, 2025 9:15 AM"
CALL_DATE_UK = "03 February 2025 09:15"


def call_text_quoted() -> str:
    return "\n".join(("> " + line) if line else ">" for line in C.CALL_BODY) + "\n"


def call_html_paras(flavor: str) -> str:
    out = []
    for line in C.CALL_BODY:
        if flavor == "outlook":
            out.append("<p class=MsoNormal>" + (_e(line) or "<o:p>&nbsp;</o:p>") + "<o:p></o:p></p>")
        else:
            out.append(f"<div>{_e(line) or '<br>'}</div>")
    return "\n".join(out)


def _e(t: Any) -> str:
    import html
    return html.escape(t, quote=False)


def outlook_header_text(frm: Any, to: Any, subject: Any, sent: Any) -> str:
    return (f"From: {frm}\nSent: {sent}\nTo: {to}\nSubject: {subject}\n\n")


def outlook_header_html(frm: Any, to: Any, subject: Any, sent: Any) -> str:
    return (
        "<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>"
        f"<p class=MsoNormal><b>From:</b> {_e(frm)} <br><b>Sent:</b> {_e(sent)}<br><b>To:</b> {_e(to)}<br>"
        f"<b>Subject:</b> {_e(subject)}<o:p></o:p></p></div>\n<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n"
    )


def gmail_quote_html(attr: str, inner: str) -> str:
    return ('<br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">'
            f'{_e(attr)}<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
            f'border-left:1px solid rgb(204,204,204);padding-left:1ex">{inner}</blockquote></div>')


# ---------------------------------------------------------------------------------------------
# the cases
# ---------------------------------------------------------------------------------------------

@dataclass
class Case:
    variant: str
    eml: bytes
    fields: dict[str, Any]
    problems: dict[str, Any]
    note: str


class Gen:
    def __init__(self, seed: Any = SEED) -> None:
        self.rng = random.Random(seed)
        self.ids = Ids(self.rng)
        people = [make_person(r, self.rng) for r in C.PEOPLE]
        self.rng.shuffle(people)
        self.people = people
        projects = list(C.PROJECTS)
        self.rng.shuffle(projects)
        self.projects = projects
        self._pi = 0
        self._ji = 0

    def person(self) -> Person:
        p = self.people[self._pi % len(self.people)]
        self._pi += 1
        return p

    def project(self) -> dict[str, Any]:
        p = self.projects[self._ji % len(self.projects)]
        self._ji += 1
        return p

    def subject(self, p: Person, proj: dict[str, Any]) -> str:
        r = self.rng
        return r.choice([
            "Case study submission",
            f"Libraries advocacy case study – {p.org}",
            f"Case study: {proj['title'].format(A=p.place)}",
            f"{p.place} case study",
            "Advocacy case study",
            "case study form",
            f"Submission for the LAN case studies – {p.place}",
            f"{p.org} – advocacy case study",
        ])

    # ---- emails with the form in the body --------------------------------------------------
    def body_case(self, variant: str, client: str, *, label_style: Any = "canon", labels: Any = None,
                  order: Any = None, layout: Any = "inline",
                  sep: Any = ":", number: Any = None, gap: Any = True, bold: Any = None,
                  colon_in_bold: Any = True, gap_after_label: Any = False,
                  long_inline: Any = False, table: Any = None, problem: Any = None, subheads: Any = False,
                  bullets: Any = False,
                  greeting: Any = True, intro: Any = True, closing: Any = False, signoff: Any = True,
                  sig: Any = None, disclaimer: Any = False,
                  iphone: Any = False, pronouns: Any = None, answer_color: Any = None, note: Any = "",
                  fillers: Any = None,
                  person: Any = None, project: Any = None, logo: Any = False, sig_style: Any = None) -> Case:
        r = self.rng
        p = person or self.person()
        proj = project or self.project()
        form = build_form(r, p, proj, label_style, labels=labels, order=order, subheads=subheads,
                          bullets=bullets, problem=problem, fillers=fillers)
        html_client = client not in ("plain_qp", "plain_8bit", "plain_b64", "plain_latin1", "hardwrap",
                                     "flowed", "apple_plain", "iphone_plain")
        if bold is None:
            bold = html_client
        if table:
            fb = form_table(form, header=table if isinstance(table, tuple) else None,
                            colon=(table == "colon"))
        else:
            fb = form_blocks(form, layout=layout, sep=sep, number=number, gap=gap, bold=bold,
                             colon_in_bold=colon_in_bold, gap_after_label=gap_after_label,
                             long_inline=long_inline, link_email=html_client, answer_color=answer_color)
        if sig is None:
            sig = r.choice(["plain", "dash"]) if not iphone else "none"
        blocks = body_blocks(r, p, fb, greeting=greeting, intro=intro, closing=closing, signoff=signoff,
                             sig=sig, disclaimer=disclaimer, rich=html_client, iphone=iphone,
                             pronouns=pronouns, sig_style=sig_style)
        bnd = self.ids.boundary(client)
        ent = render(client, blocks, boundary=bnd)
        if logo:
            ent = self._related_logo(ent, client)
        h = headers(client, self.ids, (p.name, p.email), C.INTAKE, self.subject(p, proj), when(r))
        eml = message(h, ent)
        desc = [f"client {client}", f"labels {label_style}", f"layout {'table' if table else layout}"]
        if number:
            desc.append(f"numbered {number}")
        if order:
            desc.append("fields in order " + ",".join(order))
        if sep not in (":",):
            desc.append(f"separator {sep!r}")
        if closing:
            desc.append("closing remark after the last answer (not part of it)")
        if disclaimer:
            desc.append("disclaimer")
        if iphone:
            desc.append("'Sent from my iPhone'")
        desc += form.notes
        return Case(variant, eml, form.fields, form.problems, "; ".join(x for x in [note] + desc if x))

    def _related_logo(self, alt: Ent, client: str) -> Ent:
        """Wrap an Outlook alternative so the HTML part sits in multipart/related with a logo."""
        png = _tiny_png()
        cid = f"image001.png@01DB{self.ids.HEX(4)}.{self.ids.HEX(8)}"
        img = file_ent(png, "image/png", "image001.png", disposition="inline",
                       extra=[("Content-ID", f"<{cid}>")])
        return mp_ent(
            "related", [alt, img], self.ids.boundary(client), params='; type="multipart/alternative"'
        )

    # ---- replies to the call ------------------------------------------------------------------
    def reply_case(self, variant: str, kind: str) -> Case:
        r = self.rng
        p = self.person()
        proj = self.project()
        subj = "RE: " + C.CALL_SUBJECT if kind.startswith("outlook") else "Re: " + C.CALL_SUBJECT
        call_from = f"{C.ASSOC_NAME} <{C.INTAKE}>"
        if kind == "gmail":
            form = build_form(r, p, proj, "canon")
            fb = form_blocks(form, layout=r.choice(["inline", "lines"]), bold=True)
            blocks = body_blocks(r, p, fb, sig="dash", rich=True)
            attr = f"On Mon, 3 Feb 2025 at 09:15, {C.ASSOC_NAME} <{C.INTAKE}> wrote:"
            ent = render("gmail_alt", blocks, tail_text="\n" + attr + "\n" + call_text_quoted(),
                         tail_html=gmail_quote_html(attr, call_html_paras("gmail")),
                         boundary=self.ids.boundary("gmail"))
            client, note = (
                "gmail_alt",
                (
                    "Gmail reply to the call: filled form on top, the call with its empty "
                    "form quoted below ('On ... wrote:', '> ' / blockquote)"
                ),
            )
        elif kind == "outlook":
            form = build_form(r, p, proj, "edited")
            fb = form_blocks(form, layout="lines", bold=True, gap_after_label=False)
            blocks = body_blocks(r, p, fb, sig="plain", rich=True, disclaimer=True)
            head_t = outlook_header_text(call_from, C.INTAKE, C.CALL_SUBJECT, CALL_DATE_UK)
            head_h = outlook_header_html(call_from, C.INTAKE, C.CALL_SUBJECT, CALL_DATE_UK)
            ent = render("outlook_alt", blocks, tail_text="\n" + head_t + "\n".join(C.CALL_BODY) + "\n",
                         tail_html=head_h + call_html_paras("outlook"), boundary=self.ids.boundary("outlook"))
            client, note = (
                "outlook_alt",
                (
                    "Outlook reply: filled form on top, then a From:/Sent:/To:/Subject: "
                    "block and the call with its empty labels, unquoted"
                ),
            )
        elif kind == "interleaved":
            form = build_form(r, p, proj, "canon")
            ans = {it.key: it.paras for it in form.items}
            lines = ["Hi Marian,", "", "I’ve put our answers under each question below.", "", "Best wishes,",
                     p.first, "", f"On 03/02/2025 09:15, {C.ASSOC_NAME} wrote:"]
            for cl in C.CALL_BODY:
                lines.append("> " + cl if cl else ">")
                key = next((k for k, v in C.CANON.items() if cl == v + ":"), None)
                if key:
                    lines.append("")
                    lines.append("\n\n".join(ans[key] or []))
                    lines.append("")
            lines += ["", "-- ", p.name, p.job, p.council, f"Tel: {p.phone}"]
            ent = text_ent(flowed("\n".join(lines) + "\n"), params="; format=flowed", cte="8bit")
            client, note = (
                "flowed",
                (
                    "Thunderbird reply answering inline: each quoted '> Label:' line of the "
                    "call is followed by the unquoted answer"
                ),
            )
        elif kind == "outlook_inline_answers":
            form = build_form(r, p, proj, "canon")
            ans = {it.key: it.paras for it in form.items}
            top = [para("Hi Marian,"), SPACER, para("I’ve answered in red below – hope that’s OK."), SPACER,
                   para("Thanks,"), para(p.first), SPACER] + signature(r, p, rich=True)
            head_t = outlook_header_text(call_from, p.name, C.CALL_SUBJECT, CALL_DATE_UK)
            head_h = outlook_header_html(call_from, p.name, C.CALL_SUBJECT, CALL_DATE_UK)
            tl, th = [], []
            for cl in C.CALL_BODY:
                tl.append(cl)
                th.append("<p class=MsoNormal>" + (_e(cl) or "<o:p>&nbsp;</o:p>") + "<o:p></o:p></p>")
                key = next((k for k, v in C.CANON.items() if cl == v + ":"), None)
                if key:
                    for t in ans[key] or []:
                        tl.append(t)
                        th.append("<p class=MsoNormal><span style='color:#C00000'>" + _e(t) +
                                  "<o:p></o:p></span></p>")
            ent = render("outlook_alt", top, tail_text="\n" + head_t + "\n".join(tl) + "\n",
                         tail_html=head_h + "\n".join(th), boundary=self.ids.boundary("outlook"))
            client, note = (
                "outlook_alt",
                (
                    "Outlook reply with the answers typed (in red) into the quoted call "
                    "under its From:/Sent: block, below each label"
                ),
            )
        else:
            raise ValueError(kind)
        h = headers(client, self.ids, (p.name, p.email), C.INTAKE, subj, when(r), reply=True)
        return Case(variant, message(h, ent), form.fields, form.problems, note)

    # ---- forwards ------------------------------------------------------------------------------
    def original_message(self, p: Any, proj: Any, client: str, form_kw: Any = None, body_kw: Any = None,
                         atts: Any = None, date: Any = None) -> Any:
        """An original submission (bytes) plus its form; used inside forwards."""
        r = self.rng
        form = build_form(r, p, proj, (form_kw or {}).pop("label_style", "canon"), **(form_kw or {}))
        html_client = client not in ("plain_qp", "plain_8bit", "flowed", "apple_plain")
        fb = form_blocks(form, layout="inline", bold=html_client, link_email=html_client)
        blocks = body_blocks(r, p, fb, rich=html_client, **(body_kw or {}))
        ent = render(client, blocks, boundary=self.ids.boundary(client))
        if atts:
            ent = with_attachments(ent, atts, self.ids.boundary(client))
        subj = self.subject(p, proj)
        h = headers(
            client,
            self.ids,
            (p.name, p.email),
            "Marian Tully <marian.tully@librariesadvocacy.org.uk>",
            subj,
            date or when(r),
        )
        return message(h, ent), form, blocks, subj

    def forward_case(self, variant: str, kind: str) -> Case:
        r = self.rng
        p = self.person()
        proj = self.project()
        staff_name, staff_email, staff_job = C.ASSOCIATION_STAFF[r.randrange(2)]
        d0 = when(r, day=r.randint(3, 14))
        d1 = d0 + dt.timedelta(days=r.randint(1, 5), hours=2)
        if kind == "outlook_inline":
            form = build_form(r, p, proj, "edited")
            orig = body_blocks(r, p, form_blocks(form, layout="inline", bold=True, link_email=True),
                               rich=True, disclaimer=True)
            note_blocks = [para("Hi team,"), SPACER,
                           para("Forwarding this one – it came to my own inbox rather than the case studies "
                                "mailbox."), SPACER, para("Thanks,"), para(staff_name.split()[0]), SPACER,
                           para(Run(staff_name, bold=True)), para(staff_job), para(C.ASSOC_NAME)]
            sent = d0.strftime("%A, %d %B %Y %H:%M")
            frm = f"{p.name} <{p.email}>"
            to = f"{staff_name} <{staff_email}>"
            subj = self.subject(p, proj)
            tail_t = ("\n________________________________\n" + outlook_header_text(frm, to, subj, sent) +
                      to_text(orig, "outlook"))
            tail_h = (outlook_header_html(frm, to, subj, sent) + to_html(orig, "outlook").split(
                "<div class=WordSection1>\n", 1)[1].rsplit("</div>", 1)[0])
            ent = render("outlook_alt", note_blocks, tail_text=tail_t, tail_html=tail_h,
                         boundary=self.ids.boundary("outlook"))
            h = headers("outlook_alt", self.ids, (staff_name, staff_email), C.INTAKE, "FW: " + subj, d1)
            note = ("Outlook inline forward by association staff: staff note and signature, '____' line, "
                    "From:/Sent:/To:/Subject: block, then the submitter's message with the form")
            return Case(variant, message(h, ent), form.fields, form.problems, note)
        if kind == "gmail_inline":
            form = build_form(r, p, proj, "own")
            orig = body_blocks(r, p, form_blocks(form, layout="lines", bold=True, link_email=True),
                               rich=True, sig="dash")
            note_blocks = [
                para("Another one for the collection – see below."),
                SPACER,
                para(staff_name.split()[0]),
            ]
            subj = self.subject(p, proj)
            attr_lines = ["---------- Forwarded message ---------", f"From: {p.name} <{p.email}>",
                          f"Date: {d0.strftime('%a, %-d %b %Y at %H:%M')}", f"Subject: {subj}",
                          f"To: {staff_name} <{staff_email}>"]
            tail_t = "\n\n" + "\n".join(attr_lines) + "\n\n\n" + to_text(orig, "star")
            tail_h = ('<br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">'
                      + "<br>".join(_e(x) for x in attr_lines) + "<br></div><br><br>" +
                      to_html(orig, "gmail") + "</div>")
            ent = render("gmail_alt", note_blocks, tail_text=tail_t, tail_html=tail_h,
                         boundary=self.ids.boundary("gmail"))
            h = headers("gmail_alt", self.ids, (staff_name, staff_email), C.INTAKE, "Fwd: " + subj, d1)
            note = (
                "Gmail inline forward: short note, '---------- Forwarded message ---------' header lines, "
                "then the original message (own-words labels, answers below labels)"
            )
            return Case(variant, message(h, ent), form.fields, form.problems, note)
        if kind == "colleague":
            # a colleague in the same council forwards the head of service's submission
            colleague = Person("Sam Whitlock", "Business Support Officer (Libraries)", p.council, p.org,
                               p.place, p.domain, f"sam.whitlock@{p.domain}", "Sam", p.phone, p.mobile)
            form = build_form(r, p, proj, "canon")
            orig = body_blocks(r, p, form_blocks(form, layout="lines", gap_after_label=True),
                               intro_text="Sam – please forward this to the case studies inbox, the address "
                               "keeps bouncing for me.", sig="plain")
            top = [
                para("Good morning,"),
                SPACER,
                para(f"Please see below a case study submission from {p.first}, who is on leave this week."),
                SPACER,
                para("Kind regards,"),
                SPACER,
            ] + signature(r, colleague, style="phones")
            subj = self.subject(p, proj)
            text = (to_text(top) + "\n-----Original Message-----\n" +
                    f"From: {p.name} <{p.email}>\nSent: {d0.strftime('%d %B %Y %H:%M')}\n"
                    f"To: {colleague.name} <{colleague.email}>\nSubject: {subj}\n\n" + to_text(orig))
            ent = text_ent(text)
            h = headers("plain_qp", self.ids, (colleague.name, colleague.email), C.INTAKE, "FW: " + subj, d1)
            note = ("plain-text forward by a council colleague (her own signature first), '-----Original "
                    "Message-----' block, then the submitter's message; fields are the submitter's")
            return Case(variant, message(h, ent), form.fields, form.problems, note)
        if kind == "rfc822":
            inner_client = r.choice(["outlook_html", "apple_alt", "plain_qp"])
            inner, form, _, subj = self.original_message(
                p, proj, inner_client, form_kw={"label_style": "edited"},
                body_kw={"disclaimer": inner_client == "outlook_html"}, date=d0)
            note_t = (f"Hi,\n\nForwarding {p.first}'s submission as an attachment.\n\nThanks\n"
                      f"{staff_name}\n{staff_job}, {C.ASSOC_NAME}\n")
            bnd = self.ids.boundary("outlook")
            ent = mp_ent("mixed", [text_ent(note_t, charset="us-ascii", cte="7bit"), rfc822_ent(inner)], bnd)
            h = headers("outlook_html", self.ids, (staff_name, staff_email), C.INTAKE, "FW: " + subj, d1)
            note = (
                f"forwarded as an attachment: staff note, the submitter's original ({inner_client}) inside "
                "message/rfc822"
            )
            return Case(variant, message(h, ent), form.fields, form.problems, note)
        raise ValueError(kind)

    # ---- Word attachments ------------------------------------------------------------------------
    def docx_bytes(self, layout: Any, form: Form, p: Person) -> Any:
        items = [(it.key, it.label, it.paras) for it in form.items]
        r = self.rng
        if layout == "two_col":
            return W.two_col(items, p.name, outro=r.random() < 0.5), "two-column table label | answer"
        if layout == "question_response":
            return (W.two_col(items, p.name, header=("Question", "Response")),
                    "table with a header row 'Question | Response'")
        if layout == "question_response_numbered":
            return (W.two_col(items, p.name, header=("Question", "Your response"), numbered=True),
                    "three-column table 'No. | Question | Your response' with header row")
        if layout == "bold_paras":
            return (
                W.bold_paras(items, p.name, colon=r.random() < 0.5, outro=True),
                "bold label paragraphs, answers below; closing boilerplate paragraph after the last answer",
            )
        if layout == "heading2":
            return (W.heading2(items, p.name, outro=r.random() < 0.5, numbered=r.random() < 0.4),
                    "labels as 'Heading 2' paragraphs, answers as body paragraphs")
        if layout == "guidance":
            return (W.two_col(items, p.name, guidance=C.GUIDANCE),
                    "two-column table; label cell also holds guidance text in a smaller italic font")
        if layout == "sections":
            return (W.two_col(items, p.name, sections={0: "Section 1 – About you",
                                                      4: "Section 2 – Your case study"}, outro=True),
                    "two-column table with merged section-heading rows")
        if layout == "sdt_table":
            return (W.content_controls(items, p.name, layout="table"),
                    "content controls (w:sdt, w:alias = label, w:tag = key) in the answer cells of a table")
        if layout == "sdt_paras":
            tags = {
                "name": "txtName",
                "job_title": "txtRole",
                "email": "txtEmail",
                "organisation": "txtOrg",
                "title": "CS_Title",
                "summary": "CS_Summary",
                "description": "CS_Desc",
                "lessons": "CS_Lessons",
            }
            return (W.content_controls(items, p.name, layout="paras", tags=tags),
                    "content controls in paragraphs: inline sdt after 'Label:' for short fields, block sdt "
                    "below the label for long ones; tags like txtName/CS_Desc")
        if layout == "formtext_table":
            return (W.legacy_formfields(items, p.name, layout="table"),
                    "legacy FORMTEXT form fields in table cells, document protected for forms")
        if layout == "formtext_paras":
            return (W.legacy_formfields(items, p.name, layout="paras"),
                    "legacy FORMTEXT fields after 'Label:' runs / below bold labels")
        if layout == "inline_paras":
            return (W.inline_paras(items, p.name),
                    "paragraphs 'Label: answer' (bold label run, answer in the same paragraph); long answers "
                    "in the paragraphs below their bold label")
        if layout == "table_rows":
            return (W.table_rows(items, p.name),
                    "one-column table: shaded label row above each answer row")
        raise ValueError(layout)

    def docx_case(self, variant: str, layout: Any, *, label_style: Any = "canon", problem: Any = None,
                  client: str | None = None,
                  fname: Any = None, tracked: Any = False) -> Case:
        r = self.rng
        p = self.person()
        proj = self.project()
        form = build_form(r, p, proj, label_style, problem=problem)
        if tracked:
            data, what = self._tracked(form, p, proj)
        else:
            data, what = self.docx_bytes(layout, form, p)
        client = client or r.choice(["outlook_alt", "gmail_alt", "plain_qp", "apple_alt"])
        html_client = client not in ("plain_qp",)
        blocks = body_blocks(r, p, [], intro_text=r.choice(C.INTROS_ATTACH), rich=html_client,
                             disclaimer=client.startswith("outlook") and r.random() < 0.6)
        fname = fname or r.choice(
            [
                f"LAN case study form - {p.place}.docx",
                "Case study template (completed).docx",
                f"{p.place} Libraries case study FINAL.docx",
                f"Case_Study_Form_{ascii_fold(p.place).replace(' ', '_')}.docx",
                "LAN case study form v2.docx",
            ]
        )
        bnd = self.ids.boundary(client)
        ent = with_attachments(render(client, blocks, boundary=self.ids.boundary(client)),
                               [file_ent(data, DOCX_CT, fname)], bnd)
        h = headers(client, self.ids, (p.name, p.email), C.INTAKE, self.subject(p, proj), when(r))
        note = (f"Word .docx attachment '{fname}': {what}; labels {label_style}; covering note in {client} "
                "(greeting, sign-off, signature are not answers)")
        if form.notes:
            note += "; " + "; ".join(form.notes)
        return Case(variant, message(h, ent), form.fields, form.problems, note)

    def _tracked(self, form: Form, p: Person, proj: dict[str, Any]) -> Any:
        items = [(it.key, it.label, it.paras) for it in form.items]
        title = form.fields["title"]
        desc = next(it.paras or [] for it in form.items if it.key == "description")
        edits = {
            "title": {0: [(title, "Libraries making the case – draft title", True)]},
            "job_title": {0: [(p.job, "Acting " + p.job, True)]},
            "summary": {
                0: [(sentences(form.fields["summary"] or "")[0], " (draft – figures to be confirmed)", False)]
            },
            "description": {
                1: [(desc[1][: desc[1].find(" ", 20)], "Initially, ", True)],
                2: [(sentences(desc[2])[0], " This figure is still being checked.", False)],
            },
        }
        # a deleted paragraph before paragraph 1, and the last paragraph inserted as a whole
        extra = {
            "description": [
                (len(desc) - 1, None, "ins"),
                (1, "We also hope to extend the scheme to the mobile library next year.", "del"),
            ]
        }
        data = W.tracked_table(items, p.name, "Helen Carver", edits, extra_paras=extra)
        return data, ("two-column table with unaccepted tracked changes: insertions (w:ins) count, deletions "
                      "(w:del/w:delText) do not; the title replaced an older deleted one; a whole paragraph "
                      "deleted and the last description paragraph inserted")

    def docx_forward_case(self, variant: str, kind: str) -> Case:
        r = self.rng
        p = self.person()
        proj = self.project()
        staff_name, staff_email, staff_job = C.ASSOCIATION_STAFF[r.randrange(2)]
        form = build_form(r, p, proj, "edited")
        layout = r.choice(["two_col", "question_response", "guidance"])
        data, what = self.docx_bytes(layout, form, p)
        fname = f"Case study - {p.org}.docx"
        d0 = when(r, day=r.randint(3, 14))
        d1 = d0 + dt.timedelta(days=2)
        att = file_ent(data, DOCX_CT, fname)
        if kind == "inline":
            orig = body_blocks(r, p, [], intro_text="Please find attached our case study form.", rich=True)
            subj = self.subject(p, proj)
            frm = f"{p.name} <{p.email}>"
            to = f"{staff_name} <{staff_email}>"
            sent = d0.strftime("%A, %d %B %Y %H:%M")
            note_blocks = [
                para("Hi both,"),
                SPACER,
                para("Forwarding the attached from " + p.first + "."),
                SPACER,
                para(staff_name.split()[0]),
            ]
            tail_t = ("\n________________________________\n" + outlook_header_text(frm, to, subj, sent) +
                      to_text(orig, "outlook"))
            tail_h = outlook_header_html(frm, to, subj, sent) + to_html(orig, "outlook").split(
                "<div class=WordSection1>\n", 1)[1].rsplit("</div>", 1)[0]
            body = render("outlook_alt", note_blocks, tail_text=tail_t, tail_html=tail_h,
                          boundary=self.ids.boundary("outlook"))
            ent = with_attachments(body, [att], self.ids.boundary("outlook"))
            h = headers("outlook_alt", self.ids, (staff_name, staff_email), C.INTAKE, "FW: " + subj, d1)
            note = (
                f"Outlook inline forward by association staff; the submitter's .docx ({what}) is attached to "
                "the forward"
            )
        else:
            subj = self.subject(p, proj)
            inner = self._inner_docx_message(p, proj, att, d0, subj)
            outer = text_ent(f"Forwarded as attachment.\n\n{staff_name}\n", charset="us-ascii", cte="7bit")
            ent = mp_ent("mixed", [outer, rfc822_ent(inner)], self.ids.boundary("gmail"))
            h = headers("gmail_alt", self.ids, (staff_name, staff_email), C.INTAKE, "Fwd: " + subj, d1)
            note = (
                f"forwarded as message/rfc822; the inner message carries the .docx ({what}) with a covering "
                "note"
            )
        return Case(variant, message(h, ent), form.fields, form.problems, note)

    def _inner_docx_message(self, p: Any, proj: Any, att: Any, date: Any, subj: Any) -> Any:
        r = self.rng
        blocks = body_blocks(r, p, [], intro_text="Please find attached our case study form.", rich=True)
        ent = with_attachments(render("outlook_alt", blocks, boundary=self.ids.boundary("outlook")), [att],
                               self.ids.boundary("outlook"))
        h = headers(
            "outlook_alt",
            self.ids,
            (p.name, p.email),
            "Marian Tully <marian.tully@librariesadvocacy.org.uk>",
            subj,
            date,
        )
        return message(h, ent)

    # ---- non-submissions -----------------------------------------------------------------------
    def nonsub(self, variant: str, kind: str) -> Case:
        r = self.rng
        p = self.person()
        fields = {k: None for k in C.KEYS}
        if kind == "question":
            text = [
                para("Hi Marian,"),
                SPACER,
                para(
                    "Quick question about the case studies call. Is the 750-word limit for the description "
                    "strict? Our project is quite complex and the draft is nearer 900 words. And for the "
                    "‘Key lessons learned’ section, is it fine to use bullet points?"
                ),
                SPACER,
                para("Also – can we include a photo or two?"),
                SPACER,
                para("Thanks,"),
                para(p.first),
                SPACER,
            ] + signature(r, p, rich=True)
            ent = render("gmail_alt", text, boundary=self.ids.boundary("gmail"))
            h = headers(
                "gmail_alt", self.ids, (p.name, p.email), C.INTAKE, "Question re case studies", when(r)
            )
            note = "not a submission: a question about word limits that names form labels, no form"
        elif kind == "deadline_reply":
            top = [
                para("Hi Marian,"),
                SPACER,
                para(
                    "Is the deadline of 28 March firm? We’d like to put forward our work with adult social "
                    "care, but I need our portfolio holder to see it first and her next briefing is 2 April."
                ),
                SPACER,
                para("Many thanks,"),
                para(p.first),
                SPACER,
            ] + signature(r, p, rich=True)
            head_t = outlook_header_text(
                f"{C.ASSOC_NAME} <{C.INTAKE}>", C.INTAKE, C.CALL_SUBJECT, CALL_DATE_UK
            )
            head_h = outlook_header_html(
                f"{C.ASSOC_NAME} <{C.INTAKE}>", C.INTAKE, C.CALL_SUBJECT, CALL_DATE_UK
            )
            ent = render("outlook_alt", top, tail_text="\n" + head_t + "\n".join(C.CALL_BODY) + "\n",
                         tail_html=head_h + call_html_paras("outlook"), boundary=self.ids.boundary("outlook"))
            h = headers(
                "outlook_alt",
                self.ids,
                (p.name, p.email),
                C.INTAKE,
                "RE: " + C.CALL_SUBJECT,
                when(r),
                reply=True,
            )
            note = ("not a submission: Outlook reply asking about the deadline, with the call and its empty "
                    "form quoted below")
        elif kind == "will_send":
            top = [
                para(
                    "Thanks Marian – we’d love to take part. I’ll send our case study on the home library "
                    "service next week once it has been signed off."
                ),
                SPACER,
                para("Best,"),
                para(p.first),
            ]
            attr = f"On Mon, 3 Feb 2025 at 09:15, {C.ASSOC_NAME} <{C.INTAKE}> wrote:"
            ent = render("gmail_alt", top, tail_text="\n" + attr + "\n" + call_text_quoted(),
                         tail_html=gmail_quote_html(attr, call_html_paras("gmail")),
                         boundary=self.ids.boundary("gmail"))
            h = headers("gmail_alt", self.ids, (p.name, p.email), C.INTAKE, "Re: " + C.CALL_SUBJECT, when(r),
                        reply=True)
            note = "not a submission: 'thanks, will send next week' reply with the call quoted below"
        elif kind == "ooo":
            body = [
                para(
                    "Thank you for your email. I am on annual leave until Monday 17 March with limited "
                    "access "
                    "to email."
                ),
                SPACER,
                para(
                    f"For urgent library matters please contact the libraries management team on {p.phone} "
                    f"or libraries@{p.domain}."
                ),
                SPACER,
                para(p.name),
                para(p.job),
                para(p.council),
            ]
            ent = render("outlook_alt", body, boundary=self.ids.boundary("outlook"))
            h = headers("outlook_alt", self.ids, (p.name, p.email), C.INTAKE,
                        "Automatic reply: " + C.CALL_SUBJECT, when(r, day=4),
                        extra=[("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All"),
                               ("In-Reply-To", C.CALL_MSGID)])
            note = "not a submission: out-of-office reply with Auto-Submitted: auto-replied"
        elif kind == "autoreply_subject":
            body = [
                para(
                    "Thank you for contacting the library service. I work Monday to Wednesday and will reply "
                    "to your message as soon as I can."
                ),
                SPACER,
                para(p.first),
            ]
            ent = render("plain_qp", body)
            h = headers(
                "plain_qp",
                self.ids,
                (p.name, p.email),
                C.INTAKE,
                "Automatic reply: " + C.CALL_SUBJECT,
                when(r, day=4),
            )
            note = ("not a submission: auto-reply recognisable only by its 'Automatic reply:' subject (no "
                    "Auto-Submitted)")
        elif kind == "newsletter":
            body = [
                para(Run("SHELF LIFE – the weekly bulletin for library leaders", bold=True)),
                SPACER,
                para(Run("Featured case study: reading groups on prescription", bold=True)),
                SPACER,
                para(Run("Title:", bold=True), " Prescribing the library"),
                SPACER,
                para(
                    Run("Summary:", bold=True),
                    " How one authority used social prescribing referrals to protect its reading groups.",
                ),
                SPACER,
                para(Run("Lessons learned:", bold=True), " make referral easy and feed back every time."),
                SPACER,
                para("Contact the editor: editor@shelflife-bulletin.org.uk"),
                SPACER,
                para(
                    "You are receiving this because you subscribed at shelflife-bulletin.org.uk. "
                    "Unsubscribe | Manage preferences"
                ),
            ]
            ent = render("generic_html", body)
            h = headers("generic_html", self.ids, ("Shelf Life Bulletin", "news@shelflife-bulletin.org.uk"),
                        C.INTAKE, "Shelf Life – 14 March 2025", when(r, day=14),
                        extra=[("List-Unsubscribe", "<https://shelflife-bulletin.org.uk/u?e=4f1c>, "
                                "<mailto:leave@shelflife-bulletin.org.uk>"),
                               ("List-Id", "Shelf Life <bulletin.shelflife-bulletin.org.uk>")])
            note = (
                "not a submission: HTML newsletter with List-Unsubscribe (no Precedence) featuring a case "
                "study with Title/Summary/Lessons headings"
            )
        elif kind == "bounce":
            call = self._call_message()
            human = (
                "This is the mail system at host mx1.librariesadvocacy.org.uk.\n\n"
                "I'm sorry to have to inform you that your message could not\nbe delivered to one or more "
                "recipients. It's attached below.\n\n<libraries.manager@formerauthority.gov.uk>: host "
                "mail.formerauthority.gov.uk said: 550 5.1.1 User unknown\n"
            )
            status = ("Reporting-MTA: dns; mx1.librariesadvocacy.org.uk\n\nFinal-Recipient: rfc822; "
                      "libraries.manager@formerauthority.gov.uk\nAction: failed\nStatus: 5.1.1\n"
                      "Diagnostic-Code: smtp; 550 5.1.1 User unknown\n")
            bnd = "bounce-" + self.ids.hex(12)
            ent = mp_ent("report", [text_ent(human, charset="us-ascii", cte="7bit"),
                                    Ent([("Content-Type", "message/delivery-status")], status.encode()),
                                    rfc822_ent(call)], bnd, params="; report-type=delivery-status")
            h = headers(
                "plain_qp",
                self.ids,
                ("Mail Delivery System", "MAILER-DAEMON@mx1.librariesadvocacy.org.uk"),
                C.INTAKE,
                "Undelivered Mail Returned to Sender",
                when(r, day=3),
                extra=[("Auto-Submitted", "auto-replied")],
            )
            note = (
                "not a submission: delivery failure (multipart/report) returning the call, whose empty form "
                "is inside the returned message"
            )
        elif kind == "read_receipt":
            bnd = "mdn-" + self.ids.hex(12)
            human = (
                f"Your message\n\n  To: {p.name}\n  Subject: {C.CALL_SUBJECT}\n  Sent: {CALL_DATE_LONG}\n\n"
                f"was read on {when(r, day=5).strftime('%A, %B %d, %Y %H:%M')}.\n"
            )
            mdn = (
                f"Reporting-UA: {p.domain}; Microsoft Outlook 16.0\nFinal-Recipient: rfc822;{p.email}\n"
                f"Original-Message-ID: {C.CALL_MSGID}\nDisposition: manual-action/MDN-sent-manually; "
                f"displayed\n"
            )
            ent = mp_ent(
                "report",
                [text_ent(human), Ent([("Content-Type", "message/disposition-notification")], mdn.encode())],
                bnd,
                params="; report-type=disposition-notification",
            )
            h = headers("outlook_alt", self.ids, (p.name, p.email), C.INTAKE, "Read: " + C.CALL_SUBJECT,
                        when(r, day=5))
            note = "not a submission: Outlook read receipt (multipart/report; disposition-notification)"
        elif kind == "pdf_only":
            body = [
                para("Hello,"),
                SPACER,
                para(
                    "Ahead of our case study, I attach our Library at Home leaflet which gives some "
                    "background to the service."
                ),
                SPACER,
                para("Best wishes,"),
                para(p.first),
                SPACER,
            ] + signature(r, p)
            pdf = _pdf(["Library at Home", f"{p.org}",
                        "Free books, audiobooks and a friendly visit every month",
                        "for residents who cannot get to a library.", f"Call {p.phone} to find out more."])
            ent = with_attachments(render("plain_qp", body), [file_ent(pdf, "application/pdf",
                                                                         "Library at Home leaflet.pdf")],
                                   self.ids.boundary("plain"))
            h = headers("plain_qp", self.ids, (p.name, p.email), C.INTAKE, "Library at Home leaflet", when(r))
            note = "not a submission: covering note with only a PDF leaflet attached (no form)"
        else:
            raise ValueError(kind)
        return Case(variant, message(h, ent), fields, {}, note)

    def _call_message(self) -> bytes:
        body = "\n".join(C.CALL_BODY) + "\n"
        h = [("From", f"{C.ASSOC_NAME} <{C.INTAKE}>"), ("To", "libraries.manager@formerauthority.gov.uk"),
             ("Subject", C.CALL_SUBJECT), ("Date", "Mon, 03 Feb 2025 09:15:04 +0000"),
             ("Message-ID", C.CALL_MSGID), ("MIME-Version", "1.0")]
        return message(h, text_ent(body))


# ---------------------------------------------------------------------------------------------
# binary helpers
# ---------------------------------------------------------------------------------------------

def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(t: bytes, d: bytes) -> bytes:
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x1f\x38\x64" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _pdf(lines: list[str]) -> bytes:
    def esc(s: str) -> str:
        s = s.encode("latin-1", "replace").decode("latin-1")
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(f"({esc(x)}) '" for x in lines) + " ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offs:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


# ---------------------------------------------------------------------------------------------
# the plan
# ---------------------------------------------------------------------------------------------

SWAP_ORDERS = [
    ["name", "job_title", "organisation", "email", "title", "summary", "description", "lessons"],
    ["name", "email", "job_title", "organisation", "title", "summary", "lessons", "description"],
    ["title", "summary", "description", "lessons", "name", "job_title", "organisation", "email"],
]


def plan(g: Gen) -> Any:
    B = g.body_case
    cases: list[Any] = []
    add = cases.append
    # --- plain-text bodies ------------------------------------------------------------------
    add(B("text_edited_labels", "plain_qp", label_style="edited"))
    add(B("text_edited_labels", "plain_8bit", label_style="edited", layout="lines", gap_after_label=False))
    add(B("text_edited_labels", "plain_b64", label_style="edited", sep=" -"))
    add(B("text_edited_labels", "plain_latin1", label_style="edited", disclaimer=True))
    add(B("text_own_words", "plain_qp", label_style="own"))
    add(B("text_own_words", "plain_8bit", label_style="own", layout="lines"))
    add(B("text_own_words", "apple_plain", label_style="own", sep=" –"))
    add(B("text_own_words", "plain_qp", label_style="mixed", gap=False, closing=True))
    add(B("text_own_words", "plain_qp", label_style="own", layout="lines", gap_after_label=True,
          labels={"name": "Name", "job_title": "Your role", "organisation": "Council",
                  "title": "Case study title", "summary": "Short summary", "description": "About the project",
                  "lessons": "What we learned", "email": "Contact email"}))
    add(B("text_caps", "plain_qp", label_style="caps", layout="lines"))
    add(B("text_caps", "plain_8bit", label_style="caps", sep=" -"))
    add(B("text_caps", "plain_qp", label_style="caps_own", layout="lines", sep="", gap_after_label=False))
    add(B("text_numbered", "plain_qp", number="1.", layout="lines"))
    add(B("text_numbered", "plain_qp", number="1)", label_style="edited"))
    add(
        B("text_numbered", "plain_8bit", number="Q1", label_style="own", layout="lines", gap_after_label=True)
    )
    add(B("text_lettered", "plain_qp", number="(a)"))
    add(B("text_lettered", "plain_qp", number="a)", label_style="edited", layout="lines"))
    add(B("text_swapped_order", "plain_qp", order=SWAP_ORDERS[0]))
    add(B("text_swapped_order", "plain_8bit", order=SWAP_ORDERS[1], label_style="edited", layout="lines"))
    add(B("text_swapped_order", "plain_qp", order=SWAP_ORDERS[2], label_style="own"))
    add(B("text_hardwrap", "hardwrap", layout="inline", long_inline=True))
    add(B("text_hardwrap", "hardwrap", label_style="edited", layout="lines"))
    add(B("text_subheadings", "plain_qp", subheads=True))
    add(B("text_subheadings", "gmail_alt", subheads=True, layout="lines"))
    add(B("text_bullets", "plain_qp", bullets=True, layout="lines"))
    add(B("text_bullets", "plain_8bit", bullets=True, label_style="own"))
    add(B("text_closing_remark", "plain_qp", closing=True, layout="lines"))
    add(B("text_closing_remark", "outlook_alt", closing=True, label_style="edited"))
    # --- HTML bodies -------------------------------------------------------------------------
    add(B("html_bold_labels", "generic_html", layout="inline", colon_in_bold=False))
    add(B("html_bold_labels", "generic_html", layout="lines", label_style="own"))
    add(B("html_bold_labels", "generic_html", layout="lines", label_style="caps", number="1."))
    add(B("html_table", "outlook_html", table=True, label_style="canon"))
    add(B("html_table", "outlook_html", table=("Question", "Answer"), label_style="edited"))
    add(B("html_table", "gmail_alt", table="colon", label_style="own"))
    add(B("outlook_html", "outlook_html", disclaimer=True))
    add(B("outlook_html", "outlook_html", layout="lines", label_style="edited"))
    add(B("outlook_html", "outlook_html", label_style="own", closing=True))
    add(B("outlook_html", "outlook_html", label_style="caps", layout="lines", number="1."))
    add(B("outlook_alt", "outlook_alt", disclaimer=True))
    add(B("outlook_alt", "outlook_alt", layout="lines", label_style="edited", disclaimer=True))
    add(B("outlook_alt", "outlook_alt_b64", label_style="own"))
    add(B("outlook_alt", "outlook_alt", logo=True, disclaimer=True, note="Outlook HTML in multipart/related "
                                                                          "with an inline signature logo"))
    add(B("gmail_alt", "gmail_alt"))
    add(B("gmail_alt", "gmail_alt", layout="lines", label_style="own"))
    add(B("gmail_alt", "gmail_alt", label_style="edited", colon_in_bold=False))
    add(B("gmail_alt", "gmail_alt", label_style="mixed", layout="lines", gap_after_label=True))
    add(B("apple_mail", "apple_alt", bold=False))
    add(B("apple_mail", "apple_alt", layout="lines", label_style="own", bold=True))
    add(B("apple_mail", "apple_plain", label_style="edited"))
    add(B("thunderbird_flowed", "flowed"))
    add(B("thunderbird_flowed", "flowed", layout="lines", label_style="edited"))
    add(B("thunderbird_flowed", "flowed", label_style="own", number="1."))
    add(B("owa_html", "owa_alt", label_style="edited", disclaimer=True))
    add(B("owa_html", "owa_alt", layout="lines", label_style="own"))
    add(B("iphone", "iphone_plain", iphone=True, label_style="own", greeting=False, intro=False,
          signoff=False, sep=" -"))
    add(B("iphone", "iphone_alt", iphone=True, label_style="mixed", greeting=True, intro=False, bold=False))
    add(B("iphone", "iphone_plain", iphone=True, layout="lines", greeting=False, intro=True))
    add(
        B(
            "signature_heavy",
            "outlook_alt",
            disclaimer=True,
            closing=True,
            pronouns="she/her",
            sig_style="full",
        )
    )
    add(B("signature_heavy", "plain_qp", disclaimer=True, sig="dash", sig_style="phones", closing=True))
    # --- replies and forwards ------------------------------------------------------------------
    add(g.reply_case("reply_quoted", "gmail"))
    add(g.reply_case("reply_quoted", "gmail"))
    add(g.reply_case("reply_quoted", "outlook"))
    add(g.reply_case("reply_quoted", "outlook"))
    add(g.reply_case("reply_interleaved", "interleaved"))
    add(g.reply_case("reply_interleaved", "outlook_inline_answers"))
    add(g.forward_case("forward_inline", "outlook_inline"))
    add(g.forward_case("forward_inline", "outlook_inline"))
    add(g.forward_case("forward_inline", "gmail_inline"))
    add(g.forward_case("forward_inline", "colleague"))
    add(g.forward_case("forward_rfc822", "rfc822"))
    add(g.forward_case("forward_rfc822", "rfc822"))
    # --- Word attachments ----------------------------------------------------------------------
    D = g.docx_case
    add(D("docx_two_col", "two_col"))
    add(D("docx_two_col", "two_col", label_style="edited"))
    add(D("docx_two_col", "sections", label_style="own"))
    add(D("docx_question_response", "question_response"))
    add(D("docx_question_response", "question_response", label_style="own"))
    add(D("docx_question_response", "question_response_numbered", label_style="edited"))
    add(D("docx_bold_paras", "bold_paras"))
    add(D("docx_bold_paras", "bold_paras", label_style="own"))
    add(D("docx_heading2", "heading2"))
    add(D("docx_heading2", "heading2", label_style="edited"))
    add(D("docx_heading2", "heading2", label_style="own"))
    add(D("docx_guidance", "guidance"))
    add(D("docx_guidance", "guidance", label_style="edited"))
    add(D("docx_guidance", "guidance", client="outlook_alt", fname="Astudiaeth achos – case study.docx"))
    add(D("docx_content_controls", "sdt_table"))
    add(D("docx_content_controls", "sdt_paras"))
    add(D("docx_content_controls", "sdt_table", problem=("title", "missing", "blank")))
    add(D("docx_formtext", "formtext_table"))
    add(D("docx_formtext", "formtext_paras", problem=("lessons", "missing", "blank")))
    add(D("docx_inline_paras", "inline_paras"))
    add(D("docx_inline_paras", "inline_paras", label_style="own"))
    add(D("docx_table_rows", "table_rows", label_style="edited"))
    add(D("docx_tracked", "two_col", tracked=True))
    add(D("docx_tracked", "two_col", tracked=True, label_style="edited"))
    add(g.docx_forward_case("docx_forwarded", "inline"))
    add(g.docx_forward_case("docx_forwarded", "rfc822"))
    # --- deliberate problems -------------------------------------------------------------------
    add(B("problem_missing", "plain_qp", problem=("title", "missing", "blank"), layout="lines"))
    add(B("problem_missing", "outlook_html", problem=("lessons", "missing", "omit")))
    add(B("problem_missing", "gmail_alt", problem=("organisation", "missing", "blank")))
    add(D("problem_missing", "two_col", problem=("summary", "missing", "blank")))
    add(B("problem_missing", "plain_qp", problem=("job_title", "missing", "omit"), label_style="own"))
    add(B("problem_over_limit", "plain_qp", problem=("description", "over"), layout="lines"))
    add(D("problem_over_limit", "question_response", problem=("summary", "over")))
    add(B("problem_over_limit", "outlook_alt", problem=("lessons", "over")))
    add(B("problem_over_limit", "apple_alt", problem=("summary", "over", None, "also_lessons_over")))
    add(B("problem_invalid_email", "plain_qp", problem=("email", "invalid", "{local}@council")))
    add(B("problem_invalid_email", "outlook_html", problem=("email", "invalid", "{local} at {domain}")))
    add(B("problem_invalid_email", "gmail_alt", problem=("email", "invalid", "{local}@@{domain}"),
          label_style="own"))
    add(D("problem_invalid_email", "two_col", problem=("email", "invalid", "{local}@{domain_comma}")))
    # --- non-submissions -----------------------------------------------------------------------
    for kind in ["question", "deadline_reply", "ooo", "autoreply_subject", "newsletter", "bounce",
                 "will_send", "pdf_only", "read_receipt"]:
        add(g.nonsub("nonsub_" + kind, kind))
    return cases


def main(argv: Any = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else "/tmp/heldout2")
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("v*.eml")) + list(out.glob("v*.json")):
        old.unlink()
    g = Gen()
    cases = plan(g)
    for i, c in enumerate(cases, 1):
        cid = f"v{i:03d}"
        stem = f"{cid}-{c.variant}"
        (out / f"{stem}.eml").write_bytes(c.eml)
        truth = {"id": cid, "variant": c.variant, "fields": c.fields, "problem_codes": c.problems,
                 "note": c.note}
        (out / f"{stem}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")
    print(f"wrote {len(cases)} cases to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
