"""Generate NEW labelled intake cases, of the same kinds as the visible synthetic corpus but with other
people, wording, label phrasings and layouts, to measure how general the extractor is.

    python -m tests.cases.variants.make_variants OUT_DIR [-n 120] [--seed 20250328]

Writes ``vNNN-VARIANT.eml`` + ``vNNN-VARIANT.json`` pairs (JSON shape and comparison rules as in
/work/shared/corpus/synthetic/README.md) and a README.md table of the cases. Output is a pure
function of (n, seed): re-running gives byte-identical files.

Ground truth conventions: an answer is the text as typed, label and word-count hint removed;
paragraphs of one answer are joined with a blank line; ``null`` when the answer is absent
(question missing, left blank, unfilled content control / legacy form field). Problem codes:
``missing``, ``over_word_limit`` (summary > 50, description > 750, lessons > 100 whitespace
words), ``invalid`` (unusable email, kept as typed). Non-submissions have every field null and a
note starting "not a submission".
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import html
import json
import quopri
import random
import re
import sys
import textwrap
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from email.header import Header
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tests.cases.variants import docx_forms as DF
from tests.cases.variants.content import (
    ASSOC,
    CABINET_ROLES,
    CALL_TEXT,
    CANON_LABELS,
    COUNCILS,
    DISCLAIMERS,
    FIRST_NAMES,
    GENERIC_LESSONS,
    GENERIC_PARAS,
    GREETINGS,
    HINTS,
    INTROS,
    JOB_TITLES,
    LABELS,
    LAST_NAMES,
    LIMITS,
    PARTNERS,
    SIGNOFFS,
    STAFF,
    THEMES,
)

KEYS = ["name", "job_title", "email", "organisation", "title", "summary", "description", "lessons"]
SHORT = ["name", "job_title", "email", "organisation", "title"]
DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

Line = list[tuple[str, bool]]  # [] is a blank line


def nwords(text: str | None) -> int:
    return len(text.split()) if text else 0


def fold(s: str) -> str:
    s = s.replace("ø", "o").replace("ł", "l").replace("Ł", "L").replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


# ====================================================================== people and answers


@dataclass
class Person:
    first: str
    last: str
    name: str  # as typed on the form
    email: str  # a correct address
    job: str
    place: str
    council: str
    domain: str
    libs: str
    org: str  # organisation answer as typed
    phone: str

    @property
    def display(self) -> str:
        return f"{self.first} {self.last}"


def make_person(rng: random.Random) -> Person:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    place, council, domain, libs = rng.choice(COUNCILS)
    name = f"{first} {last}"
    r = rng.random()
    if r < 0.08:
        name = "Dr " + name
    elif r < 0.25 and "'" in last:
        name = name.replace("'", "\u2019")
    local_last = re.sub(r"[^a-z]", "", fold(last).lower())
    local_first = re.sub(r"[^a-z]", "", fold(first).lower())
    local = rng.choice(
        [
            f"{local_first}.{local_last}",
            f"{local_first}.{local_last}",
            f"{local_first[0]}.{local_last}",
            f"{local_first}{local_last}",
        ]
    )
    org = rng.choice(
        [libs, libs, council, f"{libs}, {council}", f"{council} \u2013 Libraries", f"{libs} / {council}"]
    )
    return Person(
        first,
        last,
        name,
        f"{local}@{domain}",
        rng.choice(JOB_TITLES),
        place,
        council,
        domain,
        libs,
        org,
        f"01632 960{rng.randint(0, 999):03d}",
    )


def _money(rng: random.Random) -> str:
    return "£{:,}".format(
        rng.choice([8, 12, 15, 18, 24, 27, 32, 45, 48, 60, 75, 90, 120, 140, 185, 240]) * 1000
        + rng.choice([0, 0, 0, 500])
    )


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


@dataclass
class Answers:
    fields: dict[str, list[str] | None]
    theme: dict[str, Any]
    vars: dict[str, Any]
    alt_title: str


def make_answers(
    rng: random.Random,
    p: Person,
    over: str | None = None,
    long_url: bool = False,
    lesson_style: str | None = None,
) -> Answers:
    theme = rng.choice(THEMES)
    v = dict(
        place=p.place,
        council=p.council,
        libs=p.libs,
        money=_money(rng),
        money2=_money(rng),
        pct=f"{rng.randint(6, 64)}%",
        pct2=f"{rng.randint(3, 48)}%",
        n1=f"{rng.randint(140, 9800):,}",
        n2=str(rng.randint(12, 260)),
        sites=str(rng.randint(3, 14)),
        year=str(rng.randint(2019, 2023)),
        partner=rng.choice(PARTNERS),
        cabinet=rng.choice(CABINET_ROLES),
    )
    v["year2"] = str(int(v["year"]) + 1)

    def fill(t: str) -> str:
        out = t.format(**v)
        return out[0].upper() + out[1:]

    titles = [fill(t) for t in theme["titles"]]
    rng.shuffle(titles)
    title, alt_title = titles[0], titles[1]
    summary = fill(rng.choice(theme["summaries"]))
    assert nwords(summary) <= 50, summary
    theme_paras = [fill(t) for part in ("context", "action", "results", "advocacy") for t in theme[part]]
    if over == "summary":
        extra = [s for para in theme_paras[1:] for s in _sentences(para)]
        target = rng.randint(56, 82)
        for s in extra:
            if nwords(summary) >= target:
                break
            summary += " " + s
    # description
    generic = [fill(t) for t in GENERIC_PARAS]
    rng.shuffle(generic)
    desc = list(theme_paras)
    if rng.random() < 0.2:
        desc = desc[:2] + desc[-1:]
    else:
        k = rng.randint(0, 4)
        for g in generic[:k]:
            desc.insert(rng.randint(1, len(desc) - 1), g)
        generic = generic[k:]
    if over == "description":
        target = rng.randint(770, 960)
        while nwords(" ".join(desc)) < target and generic:
            desc.insert(rng.randint(1, len(desc) - 1), generic.pop())
        assert nwords(" ".join(desc)) > 750
    else:
        while nwords(" ".join(desc)) > 735:
            desc.pop(rng.randint(1, len(desc) - 2))
    if long_url:
        slug = re.sub(r"[^a-z]+", "-", fold(title).lower()).strip("-")
        desc[-1] += (
            f" Our full evaluation report is published at https://www.{p.domain}/libraries/about-us/"
            f"reports-and-evaluations/{slug}-evaluation-report-final."
        )
    # lessons
    pool = [fill(s) for s in theme["lessons"]]
    rng.shuffle(pool)
    gl = list(GENERIC_LESSONS)
    rng.shuffle(gl)
    chosen = pool[: rng.randint(2, min(4, len(pool)))] + gl[: rng.randint(0, 2)]
    if over == "lessons":
        target = rng.randint(106, 150)
        chosen = pool + gl
        while nwords(" ".join(chosen)) > target + 15:
            chosen.pop()
        assert nwords(" ".join(chosen)) > 100
    else:
        while nwords(" ".join(chosen)) > 100:
            chosen.pop()
    style = lesson_style or rng.choice(["para", "para", "para", "two", "bullets", "numbered"])
    if style == "bullets":
        lessons = ["\u2022 " + s if rng.random() < 0.5 else "- " + s for s in chosen]
        mark = lessons[0][:2]
        lessons = [mark + s[2:] for s in lessons]
    elif style == "numbered":
        lessons = [f"{i}. {s}" for i, s in enumerate(chosen, 1)]
    elif style == "two" and len(chosen) >= 3:
        lessons = [" ".join(chosen[:2]), " ".join(chosen[2:])]
    else:
        lessons = [" ".join(chosen)]
    fields: dict[str, list[str] | None] = {
        "name": [p.name],
        "job_title": [p.job],
        "email": [p.email],
        "organisation": [p.org],
        "title": [title],
        "summary": [summary],
        "description": desc,
        "lessons": lessons,
    }
    return Answers(fields, theme, v, alt_title)


INVALID_EMAILS: list[Callable[[Person], str]] = [
    lambda p: p.email.split("@")[0] + "@",
    lambda p: f"{fold(p.first).lower()} {fold(p.last).lower()} at {p.domain.split('.')[0]} dot gov dot uk",
    lambda p: p.email.replace("@", "."),
    lambda p: p.email.replace("@", "@@"),
    lambda p: p.email.replace("@", " @ ").replace(".gov", " gov"),
]


# ====================================================================== cases


@dataclass
class Case:
    idx: int
    cid: str
    variant: str
    rng: random.Random
    person: Person
    answers: dict[str, list[str] | None]
    order: list[str]
    labels: dict[str, str]
    missing: dict[str, str] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    alt_title: str = ""
    nonsub: bool = False

    def truth(self) -> dict[str, str | None]:
        if self.nonsub:
            return {k: None for k in KEYS}
        out: dict[str, str | None] = {}
        for k in KEYS:
            paras = self.answers.get(k)
            out[k] = "\n\n".join(paras) if paras and self.missing.get(k) is None else None
        return out


def choose_labels(rng: random.Random, mode: str) -> dict[str, str]:
    if mode == "canon":
        return dict(CANON_LABELS)
    out = {}
    for k in KEYS:
        pool = LABELS[k]
        if mode == "questions":
            qs = [x for x in pool if x.endswith("?")]
            out[k] = rng.choice(qs) if qs and rng.random() < 0.8 else rng.choice(pool)
        elif mode == "mixed":
            out[k] = CANON_LABELS[k] if rng.random() < 0.3 else rng.choice(pool)
        else:  # "plain": no question-style labels
            out[k] = rng.choice([x for x in pool if not x.endswith("?")])
    return out


def choose_order(rng: random.Random, shuffled: bool) -> list[str]:
    if not shuffled:
        return list(KEYS)
    return rng.choice(
        [
            ["title", "summary", "description", "lessons", "name", "job_title", "organisation", "email"],
            ["name", "organisation", "job_title", "email", "title", "summary", "lessons", "description"],
            ["organisation", "name", "job_title", "email", "title", "description", "summary", "lessons"],
            ["title", "name", "job_title", "organisation", "email", "summary", "description", "lessons"],
            ["summary", "title", "description", "lessons", "organisation", "name", "email", "job_title"],
        ]
    )


def new_case(
    idx: int,
    variant: str,
    seed: int,
    *,
    over: str | None = None,
    missing: tuple[str, str] | None = None,
    invalid: bool = False,
    label_mode: str = "canon",
    shuffled: bool = False,
    long_url: bool = False,
    lesson_style: str | None = None,
) -> Case:
    rng = random.Random(f"{seed}:{idx}:{variant}")
    person = make_person(rng)
    ans = make_answers(rng, person, over=over, long_url=long_url, lesson_style=lesson_style)
    case = Case(
        idx,
        f"v{idx:03d}",
        variant,
        rng,
        person,
        ans.fields,
        choose_order(rng, shuffled),
        choose_labels(rng, label_mode),
        alt_title=ans.alt_title,
    )
    if over:
        case.problems[over] = "over_word_limit"
        case.notes.append(f"{over} over {LIMITS[over]} words ({nwords(' '.join(ans.fields[over] or []))})")
    if missing:
        key, how = missing
        case.missing[key] = how
        case.problems[key] = "missing"
        case.notes.append(f"{key} missing ({how})")
    if invalid:
        bad = rng.choice(INVALID_EMAILS)(person)
        case.answers["email"] = [bad]
        case.problems["email"] = "invalid"
        case.notes.append(f"invalid email {bad!r}")
    if shuffled:
        case.notes.append("fields in order " + ",".join(case.order))
    return case


# ====================================================================== form rendering (lines)


@dataclass
class Style:
    layout: str = "inline_next"  # inline | inline_next | lines | lines_blank
    sep: str = ":"  # ":", " :", " -", " –", " —", "" (answer on next line)
    number: str | None = None  # "{i}. ", "{i}) ", "Q{i}. ", "Q{i} ", "({i}) ", "{i}.\t"
    case: str = "as"  # as | upper | lower | title
    hint: str | None = "(max {n} words)"
    gap: bool = True  # blank line between questions
    para_gap: bool = True  # blank line between paragraphs of one answer
    bold: bool = False

    def describe(self) -> str:
        bits = [f"layout '{self.layout}'", f"separator {self.sep!r}"]
        if self.number:
            bits.append(f"numbering {self.number.strip()!r}")
        if self.case != "as":
            bits.append(f"{self.case}-case labels")
        bits.append(f"hint {self.hint!r}" if self.hint else "no word-count hints")
        if not self.gap:
            bits.append("no blank line between questions")
        return ", ".join(bits)


def random_style(rng: random.Random, **force: Any) -> Style:
    s = Style(
        layout=rng.choice(["inline", "inline_next", "inline_next", "lines", "lines_blank"]),
        sep=rng.choice([":", ":", ":", " :", " -", " \u2013", " \u2014", ""]),
        number=rng.choice([None, None, "{i}. ", "{i}) ", "Q{i}. ", "Q{i} ", "({i}) ", "{i}.\t"]),
        case=rng.choice(["as", "as", "as", "upper", "lower", "title"]),
        hint=rng.choice(HINTS + [None, None]),
        gap=rng.random() < 0.8,
        para_gap=rng.random() < 0.85,
    )
    for k, val in force.items():
        setattr(s, k, val)
    if s.sep == "" and s.layout.startswith("inline"):
        s.layout = "lines"
    if (
        s.layout == "lines_blank"
    ):  # label, blank, answer: only natural with a blank line before the next label
        s.gap = True
    return s


def _case_tx(text: str, how: str) -> str:
    return {"upper": text.upper(), "lower": text.lower(), "title": text.title()}.get(how, text)


def label_for(case: Case, key: str, i: int, style: Style) -> str:
    text = case.labels[key]
    if style.hint and key in LIMITS:
        text += " " + style.hint.format(n=LIMITS[key])
    text = _case_tx(text, style.case)
    if style.number:
        text = style.number.format(i=i) + text
    return text


def render_form(case: Case, style: Style) -> list[Line]:
    lines: list[Line] = []
    i = 0
    for key in case.order:
        how = case.missing.get(key)
        if how == "absent":
            continue
        i += 1
        label = label_for(case, key, i, style)
        paras = [] if how else list(case.answers[key] or [])
        q = label.rstrip().endswith("?")
        sep = style.sep
        if q and sep.strip() == ":":
            sep = ""
        same_line = (
            style.layout in ("inline", "inline_next")
            and (style.sep != "" or q)
            and not (style.layout == "inline_next" and key in ("description", "lessons"))
        )
        lab = label + sep
        if same_line and paras:
            lines.append([(lab, True), (" " + paras[0], False)])
            rest, first_under = paras[1:], False
        else:
            lines.append([(lab.rstrip(), True)])
            if style.layout == "lines_blank":
                lines.append([])
            rest, first_under = paras, True
        for j, para in enumerate(rest):
            if style.para_gap and (j > 0 or not first_under):
                lines.append([])
            lines.append([(para, False)])
        if style.gap:
            lines.append([])
    if lines and lines[-1] != []:
        lines.append([])
    return lines


def opening_lines(case: Case, greet: bool | None = None, intro: bool | None = None) -> list[Line]:
    rng = case.rng
    out: list[Line] = []
    if greet if greet is not None else rng.random() < 0.8:
        out += [[(rng.choice(GREETINGS), False)], []]
    if intro if intro is not None else rng.random() < 0.6:
        out += [[(rng.choice(INTROS).format(libs=case.person.libs), False)], []]
    return out


def closing_lines(
    case: Case,
    sig_sep: bool | None = None,
    disclaimer: bool | None = None,
    person: Person | None = None,
    signoff: bool = True,
) -> list[Line]:
    rng = case.rng
    p = person or case.person
    out: list[Line] = []
    if signoff:
        out += [[(rng.choice(SIGNOFFS), False)], [(p.first, False)], []]
    if sig_sep if sig_sep is not None else rng.random() < 0.4:
        out.append([("-- ", False)])
    sig = [p.display, p.job]
    if rng.random() < 0.3:
        sig[0] += rng.choice([" (she/her)", " (he/him)", " (they/them)"])
    sig.append(p.council)
    if rng.random() < 0.5:
        sig.append(
            rng.choice(
                [
                    "Central Library, Market Square",
                    "Civic Centre, Station Road",
                    "County Hall",
                    "The Hub, 14 High Street",
                ]
            )
            + f", {p.place}"
        )
    sig.append(rng.choice(["Tel: ", "T: ", "Phone ", "Direct line: "]) + p.phone)
    if rng.random() < 0.3:
        sig.append(f"Mobile: 07700 900{rng.randint(100, 999)}")
    if rng.random() < 0.25:
        sig.append(f"Email: libraries@{p.domain}")
    sig.append(
        rng.choice(
            [
                f"www.{p.domain}/libraries",
                f"https://www.{p.domain}",
                f"Follow us: @{fold(p.place).replace(' ', '')}Libraries",
            ]
        )
    )
    out += [[(s, False)] for s in sig]
    if disclaimer if disclaimer is not None else rng.random() < 0.35:
        out += [[], [(rng.choice(DISCLAIMERS).format(council=p.council), False)]]
    return out


def lines_to_text(lines: list[Line], md: str = "", mailto: bool = False) -> str:
    out = []
    for line in lines:
        parts = []
        for text, bold in line:
            if mailto:
                text = re.sub(r"(?<![\w.<])([\w.+-]+@[\w-]+(?:\.[\w-]+)+)(?![\w>])", r"\1<mailto:\1>", text)
            parts.append(f"{md}{text}{md}" if bold and md and text.strip() else text)
        out.append("".join(parts).rstrip(" ") if parts != ["-- "] else "-- ")
    return "\n".join(out).rstrip("\n") + "\n"


def hardwrap(text: str, width: int = 72) -> str:
    out = []
    for line in text.split("\n"):
        if len(line) <= width or line == "-- ":
            out.append(line)
        else:
            out += textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(out)


def flow(text: str, width: int = 72, delsp: bool = False) -> str:
    """RFC 3676 format=flowed: soft breaks end in a space (delsp=yes adds one that the reader
    deletes, and may then break inside a long word); lines beginning ' ', '>' or 'From ' are stuffed."""
    out = []
    for raw in text.split("\n"):
        if raw == "-- ":
            out.append(raw)
            continue
        line = raw.rstrip(" ")
        pieces: list[str] = []
        cur = ""
        for chunk in re.findall(r"\S+\s*|\s+", line):
            if cur and len(cur) + len(chunk.rstrip()) > width - 1:
                pieces.append(cur + (" " if delsp else ""))
                cur = ""
            while delsp and len(chunk) > width - 1:
                pieces.append(chunk[: width - 2] + " ")
                chunk = chunk[width - 2 :]
            cur += chunk
        pieces.append(cur.rstrip(" "))
        for piece in pieces:
            if piece.startswith((" ", ">", "From ")):
                piece = " " + piece
            out.append(piece)
    return "\n".join(out)


def quote_lines(text: str, prefix: str = "> ", width: int = 76) -> str:
    out = []
    for line in hardwrap(text, width - len(prefix)).split("\n"):
        out.append(prefix.rstrip() if not line else prefix + line)
    return "\n".join(out)


# ====================================================================== HTML renderers

_OUTLOOK_HEAD = (
    '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w="urn:schemas-microsoft-com:office:word" '
    'xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">\n'
    """<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!--
/* Font Definitions */
@font-face
\t{font-family:"Cambria Math";
\tpanose-1:2 4 5 3 5 4 6 3 2 4;}
@font-face
\t{font-family:Aptos;}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{margin:0cm;
\tfont-size:12.0pt;
\tfont-family:"Aptos",sans-serif;
\tmso-ligatures:standardcontextual;
\tmso-fareast-language:EN-US;}
a:link, span.MsoHyperlink
\t{mso-style-priority:99;
\tcolor:#467886;
\ttext-decoration:underline;}
span.EmailStyle18
\t{mso-style-type:personal-compose;
\tfont-family:"Aptos",sans-serif;
\tcolor:windowtext;}
.MsoChpDefault
\t{mso-style-type:export-only;
\tfont-size:11.0pt;}
@page WordSection1
\t{size:612.0pt 792.0pt;
\tmargin:72.0pt 72.0pt 72.0pt 72.0pt;}
div.WordSection1
\t{page:WordSection1;}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--><!--[if gte mso 9]><xml>
<o:shapelayout v:ext="edit">
<o:idmap v:ext="edit" data="1" />
</o:shapelayout></xml><![endif]-->
</head>
<body lang=EN-GB link="#467886" vlink="#96607D" style='word-wrap:break-word'>
<div class=WordSection1>
"""
)
_OUTLOOK_TAIL = "</div>\n</body>\n</html>\n"
_EMAIL_RE = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _seg_html(line: Line, outlook: bool) -> str:
    out = []
    prev_bold = False
    for text, bold in line:
        if bold:
            out.append(f"<b>{_esc(text)}</b>")
        else:
            lead = ""
            if prev_bold and text.startswith(" "):
                lead, text = ("&nbsp;" if outlook else " "), text[1:]
            if _EMAIL_RE.match(text.strip()):
                t = text.strip()
                out.append(f'{lead}<a href="mailto:{t}">{_esc(t)}</a>')
            else:
                out.append(lead + _esc(text).replace("\t", "&nbsp;&nbsp;&nbsp; " if outlook else "\t"))
        prev_bold = bold
    return "".join(out)


def outlook_paras(lines: list[Line]) -> str:
    out = []
    for line in lines:
        if not line:
            out.append("<p class=MsoNormal><o:p>&nbsp;</o:p></p>")
        elif line == [("-- ", False)]:
            out.append("<p class=MsoNormal>--&nbsp;<o:p></o:p></p>")
        else:
            out.append(f"<p class=MsoNormal>{_seg_html(line, True)}<o:p></o:p></p>")
    return "\n".join(out) + "\n"


def outlook_table(case: Case, style: Style) -> str:
    rows = []
    i = 0
    for key in case.order:
        how = case.missing.get(key)
        if how == "absent":
            continue
        i += 1
        label = label_for(case, key, i, style)
        paras = [] if how else (case.answers[key] or [])
        cells = []
        for j, para in enumerate(paras or [""]):
            if j and case.rng.random() < 0.5:
                cells.append("<p class=MsoNormal><o:p>&nbsp;</o:p></p>")
            cells.append(
                f"<p class=MsoNormal>{_seg_html([(para, False)], True) if para else ''}<o:p>"
                f"{'' if para else '&nbsp;'}</o:p></p>"
            )
        rows.append(
            "<tr>\n<td width=208 valign=top style='width:155.8pt;border:solid windowtext 1.0pt;"
            "background:#DEEAF6;padding:0cm 5.4pt 0cm 5.4pt'>\n"
            f"<p class=MsoNormal><b>{_esc(label)}<o:p></o:p></b></p>\n</td>\n"
            "<td width=393 valign=top style='width:294.75pt;border:solid windowtext 1.0pt;border-left:none;"
            "padding:0cm 5.4pt 0cm 5.4pt'>\n" + "\n".join(cells) + "\n</td>\n</tr>"
        )
    return (
        "<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;"
        "border:none'>\n" + "\n".join(rows) + "\n</table>\n<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n"
    )


def outlook_header_block(frm: str, sent: str, to: str, subject: str, cc: str | None = None) -> str:
    cc_html = f"<b>Cc:</b> {_esc(cc)}<br>\n" if cc else ""
    return (
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n<div style='border:none;border-top:solid #E1E1E1 1.0pt;"
        "padding:3.0pt 0cm 0cm 0cm'>\n<p class=MsoNormal><b><span lang=EN-US>From:</span></b><span "
        "lang=EN-US> "
        f"{_esc(frm)} <br>\n<b>Sent:</b> {_esc(sent)}<br>\n<b>To:</b> {_esc(to)}<br>\n{cc_html}"
        f"<b>Subject:</b> {_esc(subject)}<o:p></o:p></span></p>\n</div>\n"
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n"
    )


def outlook_doc(body_html: str) -> str:
    return _OUTLOOK_HEAD + body_html + _OUTLOOK_TAIL


def gmail_html(lines: list[Line]) -> str:
    out = []
    in_sig = False
    for line in lines:
        if line == [("-- ", False)]:
            out.append(
                '<br clear="all"><div><br></div><span class="gmail_signature_prefix">-- </span><br>'
                '<div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature"><div dir="ltr">'
            )
            in_sig = True
        elif not line:
            out.append("<div><br></div>")
        else:
            out.append(f"<div>{_seg_html(line, False)}</div>")
    if in_sig:
        out.append("</div></div>")
    return '<div dir="ltr">' + "".join(out) + "</div>\n"


def text_to_lines(text: str) -> list[Line]:
    return [[(t, False)] if t else [] for t in text.split("\n")]


# ====================================================================== MIME


def enc_body(text: str | bytes, cte: str, charset: str = "utf-8") -> bytes:
    data = text if isinstance(text, bytes) else text.encode(charset, errors="xmlcharrefreplace")
    if cte == "quoted-printable":
        return quopri.encodestring(data)
    if cte == "base64":
        return base64.encodebytes(data)
    return data


def leaf(
    ctype: str,
    body: bytes,
    cte: str | None = None,
    disposition: str | None = None,
    extra: tuple[str, ...] = (),
) -> bytes:
    h = [f"Content-Type: {ctype}"]
    if cte:
        h.append(f"Content-Transfer-Encoding: {cte}")
    if disposition:
        h.append(f"Content-Disposition: {disposition}")
    h += list(extra)
    if not body.endswith(b"\n"):
        body += b"\n"
    return ("\n".join(h) + "\n\n").encode() + body


def text_leaf(
    text: str, subtype: str = "plain", cte: str = "quoted-printable", charset: str = "utf-8", params: str = ""
) -> bytes:
    cs = f'"{charset}"' if subtype == "html" and charset == "utf-8" else charset
    return leaf(f"text/{subtype}; charset={cs}{params}", enc_body(text, cte, charset), cte)


def multipart(subtype: str, parts: list[bytes], boundary: str, params: str = "") -> bytes:
    out = [f'Content-Type: multipart/{subtype}; boundary="{boundary}"{params}\n\n'.encode()]
    for p in parts:
        out.append(f"--{boundary}\n".encode() + p + b"\n")
    out.append(f"--{boundary}--\n".encode())
    return b"".join(out)


def subj(s: str) -> str:
    return s if s.isascii() else Header(s, "utf-8", maxlinelen=76).encode()


def addr(name: str, email: str) -> str:
    return formataddr((name, email))


def rand_date(rng: random.Random, start: tuple[int, int, int] = (2025, 2, 5), days: int = 50) -> dt.datetime:
    base = dt.datetime(*start, tzinfo=dt.UTC)
    return base + dt.timedelta(
        days=rng.randint(0, days),
        hours=rng.randint(7, 18),
        minutes=rng.randint(0, 59),
        seconds=rng.randint(0, 59),
    )


def boundary(rng: random.Random, client: str) -> str:
    h = f"{rng.getrandbits(120):030x}"
    return {
        "gmail": "0000000000" + h[:18],
        "outlook": f"_000_{h[:4].upper()}PR0{rng.randint(1, 9)}MB{rng.randint(1000, 9999)}_",
        "apple": f"Apple-Mail={uuid.UUID(int=rng.getrandbits(128)).hex.upper()}",
    }.get(client, "------------" + h[:24])


def top_headers(
    client: str,
    rng: random.Random,
    frm: tuple[str, str],
    to: str,
    subject: str,
    date: dt.datetime,
    extra: list[str] | None = None,
) -> list[str]:
    hexid = f"{rng.getrandbits(128):032x}"
    domain = frm[1].split("@")[1]
    f, d, s = addr(*frm), format_datetime(date), subj(subject)
    extra = extra or []
    if client == "outlook":
        mid = (
            f"<{hexid[:6].upper()}PR0{rng.randint(1, 9)}MB{hexid[6:16].upper()}@{hexid[16:20].upper()}"
            f"PR0{rng.randint(1, 9)}MB{rng.randint(1000, 9999)}.eurprd0{rng.randint(1, 9)}.prod.outlook.com>"
        )
        return [
            f"From: {f}",
            f"To: {to}",
            f"Subject: {s}",
            f"Thread-Topic: {s}",
            f"Thread-Index: AQH{base64.b64encode(bytes.fromhex(hexid[:16])).decode()[:19]}",
            f"Date: {d}",
            f"Message-ID: {mid}",
            *extra,
            "Accept-Language: en-GB, en-US",
            "Content-Language: en-GB",
            "X-MS-Has-Attach: ",
            "X-MS-TNEF-Correlator: ",
            "MIME-Version: 1.0",
        ]
    if client == "gmail":
        return [
            "MIME-Version: 1.0",
            f"From: {f}",
            f"Date: {d}",
            f"Message-ID: <CA+{hexid}@mail.gmail.com>",
            *extra,
            f"Subject: {s}",
            f"To: {to}",
        ]
    if client == "apple":
        return [
            f"From: {f}",
            "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.400.131.1.6\\))",
            f"Subject: {s}",
            f"Date: {d}",
            *extra,
            f"Message-Id: <{str(uuid.UUID(hexid)).upper()}@{domain}>",
            f"To: {to}",
            "X-Mailer: Apple Mail (2.3826.400.131.1.6)",
        ]
    if client == "thunderbird":
        return [
            f"Message-ID: <{uuid.UUID(hexid)}@{domain}>",
            f"Date: {d}",
            "MIME-Version: 1.0",
            "User-Agent: Mozilla Thunderbird",
            "Content-Language: en-GB",
            f"To: {to}",
            f"From: {f}",
            *extra,
            f"Subject: {s}",
        ]
    return [
        f"From: {f}",
        f"To: {to}",
        f"Subject: {s}",
        f"Date: {d}",
        f"Message-ID: <{uuid.UUID(hexid)}@{domain}>",
        *extra,
        "MIME-Version: 1.0",
    ]


def message(headers: list[str], part: bytes) -> bytes:
    return ("\n".join(headers) + "\n").encode() + part


TO_ASSOC = addr(*ASSOC)


def submission_subject(case: Case) -> str:
    p = case.person
    t = (case.answers["title"] or [""])[0] if case.answers.get("title") else "our project"
    return case.rng.choice(
        [
            f"Case study submission \u2013 {p.libs}",
            f"Advocacy case study: {p.place}",
            "Case study",
            f"Submission for the case studies call - {t[:40]}",
            f"{p.place} libraries case study",
            "Our case study",
            f"Case Study \u2014 {t}",
            "case study form",
            f"LAN case study ({p.place})",
        ]
    )


# ====================================================================== body-form variants


def _body_lines(case: Case, style: Style, **kw: Any) -> list[Line]:
    return opening_lines(case) + render_form(case, style) + closing_lines(case, **kw)


def v_text(case: Case, style: Style, *, cte: str | None = None, wrap: bool = False) -> bytes:
    rng = case.rng
    text = lines_to_text(_body_lines(case, style))
    if wrap:
        text = hardwrap(text)
    cte = cte or rng.choice(["quoted-printable", "quoted-printable", "8bit", "base64"])
    case.notes.insert(0, f"plain text body ({cte}), {style.describe()}")
    hdr = top_headers(
        "plain",
        rng,
        (case.person.display, case.person.email),
        TO_ASSOC,
        submission_subject(case),
        rand_date(rng),
    )
    return message(hdr, text_leaf(text, cte=cte))


def v_gmail(case: Case, style: Style) -> bytes:
    rng = case.rng
    lines = (
        opening_lines(case) + render_form(case, style) + closing_lines(case, sig_sep=True, disclaimer=False)
    )
    md = "*" if style.bold else ""
    b = boundary(rng, "gmail")
    body = multipart(
        "alternative", [text_leaf(lines_to_text(lines, md=md)), text_leaf(gmail_html(lines), "html")], b
    )
    case.notes.insert(
        0,
        f"Gmail multipart/alternative, {'bold labels (*Label:* in text part), ' if style.bold else ''}"
        f"{style.describe()}, Gmail signature after '-- '",
    )
    return message(
        top_headers(
            "gmail",
            rng,
            (case.person.display, case.person.email),
            TO_ASSOC,
            submission_subject(case),
            rand_date(rng),
        ),
        body,
    )


def v_outlook_html(case: Case, style: Style, table: bool = False) -> bytes:
    rng = case.rng
    style.bold = True
    if table:
        inner = (
            outlook_paras(opening_lines(case))
            + outlook_table(case, style)
            + outlook_paras(closing_lines(case, sig_sep=False))
        )
    else:
        inner = outlook_paras(_body_lines(case, style, sig_sep=False))
    html_doc = outlook_doc(inner)
    part = leaf(
        "text/html; charset=windows-1252",
        enc_body(html_doc, "quoted-printable", "cp1252"),
        "quoted-printable",
    )
    case.notes.insert(
        0,
        "Outlook HTML-only body, windows-1252 quoted-printable, MsoNormal, &nbsp;, <b> labels; "
        + ("form as an HTML table label | answer" if table else style.describe()),
    )
    return message(
        top_headers(
            "outlook",
            rng,
            (case.person.display, case.person.email),
            TO_ASSOC,
            submission_subject(case),
            rand_date(rng),
        ),
        part,
    )


def v_outlook_alt(case: Case, style: Style) -> bytes:
    rng = case.rng
    style.bold = True
    lines = _body_lines(case, style, sig_sep=False)
    b = boundary(rng, "outlook")
    body = multipart(
        "alternative",
        [
            text_leaf(lines_to_text(lines, mailto=True), cte="quoted-printable", charset="us-ascii")
            if all(ord(c) < 128 for line in lines for t, _ in line for c in t)
            else text_leaf(lines_to_text(lines, mailto=True)),
            leaf(
                "text/html; charset=windows-1252",
                enc_body(outlook_doc(outlook_paras(lines)), "quoted-printable", "cp1252"),
                "quoted-printable",
            ),
        ],
        b,
    )
    case.notes.insert(
        0,
        "Outlook multipart/alternative: text part renders addresses as 'x@y<mailto:x@y>'; "
        + style.describe(),
    )
    return message(
        top_headers(
            "outlook",
            rng,
            (case.person.display, case.person.email),
            TO_ASSOC,
            submission_subject(case),
            rand_date(rng),
        ),
        body,
    )


def v_apple(case: Case, style: Style) -> bytes:
    rng = case.rng
    lines = _body_lines(case, style, sig_sep=False, disclaimer=False)
    if rng.random() < 0.5:
        lines.append([])
        lines.append([(rng.choice(["Sent from my iPad", "Sent from my iPhone"]), False)])
    text = lines_to_text(lines)
    part = leaf("text/plain;\n\tcharset=utf-8", enc_body(text, "quoted-printable"), "quoted-printable")
    case.notes.insert(0, f"Apple Mail text/plain quoted-printable UTF-8, {style.describe()}")
    return message(
        top_headers(
            "apple",
            rng,
            (case.person.display, case.person.email),
            TO_ASSOC,
            submission_subject(case),
            rand_date(rng),
        ),
        part,
    )


def v_flowed(case: Case, style: Style, delsp: bool) -> bytes:
    rng = case.rng
    text = lines_to_text(_body_lines(case, style, sig_sep=True))
    flowed = flow(text, 72, delsp)
    params = "; format=flowed" + ("; delsp=yes" if delsp else "")
    part = leaf(f"text/plain; charset=UTF-8{params}", flowed.encode("utf-8"), "8bit")
    case.notes.insert(
        0,
        f"Thunderbird text/plain "
        f"format=flowed"
        f"{' delsp=yes (soft breaks carry an extra space; long URL split mid-word)' if delsp else ''}"
        f"{'' if delsp else ' (delsp=no)'}, "
        f"8bit UTF-8, wrapped at 72; truth is the unflowed text; {style.describe()}",
    )
    return message(
        top_headers(
            "thunderbird",
            rng,
            (case.person.display, case.person.email),
            TO_ASSOC,
            submission_subject(case),
            rand_date(rng),
        ),
        part,
    )


# ---------------------------------------------------------------------- replies

CALL_SUBJECT = "Call for case studies: advocating for your library service"
CALL_ID = "<CALL-20250203091504.4F2A@librariesadvocacy.org.uk>"


def v_reply(case: Case, style: Style, kind: str) -> bytes:
    """kind: 'onwrote' (Gmail/Apple/Thunderbird '> ' quote), 'outlook' (From/Sent/To/Subject block),
    'original' (-----Original Message-----)."""
    rng = case.rng
    p = case.person
    staff = STAFF[0]
    lines = _body_lines(case, style, sig_sep=kind == "onwrote")
    extra = [f"In-Reply-To: {CALL_ID}", f"References: {CALL_ID}"]
    subject = rng.choice(["Re: ", "RE: ", "Re: "]) + CALL_SUBJECT
    if kind == "onwrote":
        intro = rng.choice(
            [
                f"On Mon, 3 Feb 2025 at 09:15, {ASSOC[0]} <{ASSOC[1]}> wrote:",
                f"On 3 Feb 2025, at 09:15, {staff[0]} <{staff[1]}> wrote:",
                f"On 03/02/2025 09:15, {staff[0]} wrote:",
            ]
        )
        text = lines_to_text(lines) + "\n" + intro + "\n" + quote_lines(CALL_TEXT) + "\n"
        quoted_html = (
            '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">' + _esc(intro) + "<br></div>"
            '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid '
            'rgb(204,204,204);padding-left:1ex">'
            + gmail_html(text_to_lines(CALL_TEXT))
            + "</blockquote></div>"
        )
        b = boundary(rng, "gmail")
        body = multipart(
            "alternative", [text_leaf(text), text_leaf(gmail_html(lines) + quoted_html, "html")], b
        )
        hdr = top_headers("gmail", rng, (p.display, p.email), TO_ASSOC, subject, rand_date(rng), extra)
        case.notes.insert(
            0,
            f"reply (Gmail multipart/alternative) with the call and its empty form quoted below "
            f"'{intro[:22]}... wrote:' ('> ' / blockquote); {style.describe()}",
        )
        return message(hdr, body)
    sent = "03 February 2025 09:15" if kind == "outlook" else "Monday, February 03, 2025 9:15 AM"
    if kind == "outlook":
        style.bold = True
        block_txt = (
            f"\n________________________________\nFrom: {staff[0]} <{staff[1]}>\nSent: {sent}\n"
            f"To: {ASSOC[0]} <{ASSOC[1]}>\nSubject: {CALL_SUBJECT}\n\n"
        )
        html_body = (
            outlook_paras(lines)
            + outlook_header_block(f"{staff[0]} <{staff[1]}>", sent, f"{ASSOC[0]} <{ASSOC[1]}>", CALL_SUBJECT)
            + outlook_paras(text_to_lines(CALL_TEXT))
        )
        b = boundary(rng, "outlook")
        body = multipart(
            "alternative",
            [
                text_leaf(lines_to_text(lines, mailto=True) + block_txt + CALL_TEXT + "\n"),
                leaf(
                    "text/html; charset=windows-1252",
                    enc_body(outlook_doc(html_body), "quoted-printable", "cp1252"),
                    "quoted-printable",
                ),
            ],
            b,
        )
        hdr = top_headers("outlook", rng, (p.display, p.email), TO_ASSOC, subject, rand_date(rng), extra)
        case.notes.insert(
            0,
            "Outlook reply (text+HTML): form on top, then a From:/Sent:/To:/Subject: block and the "
            f"call with its empty form, unindented; {style.describe()}",
        )
        return message(hdr, body)
    text = (
        lines_to_text(lines) + "\n-----Original Message-----\n"
        f"From: {staff[0]} [mailto:{staff[1]}]\nSent: {sent}\nTo: {ASSOC[1]}\nSubject: {CALL_SUBJECT}\n\n"
        + CALL_TEXT
        + "\n"
    )
    hdr = top_headers("plain", rng, (p.display, p.email), TO_ASSOC, subject, rand_date(rng), extra)
    case.notes.insert(
        0,
        "plain-text reply with '-----Original Message-----' and the call (empty form labels) "
        f"below; {style.describe()}",
    )
    return message(hdr, text_leaf(text, cte="quoted-printable"))


# ---------------------------------------------------------------------- forwards


def _forwarder_note(case: Case) -> tuple[tuple[str, str], list[Line]]:
    rng = case.rng
    fw = rng.choice(STAFF)
    note = rng.choice(
        [
            f"Forwarding {case.person.first}'s case study - it came to my inbox rather than the shared one.",
            "Please add this one to the pile for the panel.",
            f"FYI - another submission, from {case.person.place}.",
            "See below - could you log this please? Thanks!",
        ]
    )
    lines = [
        [(rng.choice(["Hi team,", "Hi all,", "Morning,"]), False)],
        [],
        [(note, False)],
        [],
        [(fw[0].split()[0], False)],
        [],
        [(fw[0], False)],
        [("Libraries Advocacy Network", False)],
        [],
    ]
    return fw, lines


def v_forward_inline(case: Case, style: Style, kind: str) -> bytes:
    rng = case.rng
    p = case.person
    fw, note = _forwarder_note(case)
    inner = opening_lines(case, greet=True) + render_form(case, style) + closing_lines(case)
    odate = rand_date(rng, (2025, 2, 10), 20)
    osubj = submission_subject(case)
    if kind == "gmail":
        block = [
            [("---------- Forwarded message ---------", False)],
            [(f"From: {p.display} <{p.email}>", False)],
            [(f"Date: {odate.strftime('%a, %d %b %Y at %H:%M')}", False)],
            [(f"Subject: {osubj}", False)],
            [(f"To: {fw[0]} <{fw[1]}>", False)],
            [],
            [],
        ]
        text = lines_to_text(note + block + inner)
        html_fwd = (
            '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message '
            '---------'
            f'<br>From: <strong class="gmail_sendername" dir="auto">{_esc(p.display)}</strong> '
            f'<span dir="auto">&lt;{p.email}&gt;</span><br>Date: '
            f'{odate.strftime("%a, %d %b %Y at %H:%M")}<br>'
            f"Subject: {_esc(osubj)}<br>To: {_esc(fw[0])} &lt;{fw[1]}&gt;<br></div><br><br>"
            + gmail_html(inner)
            + "</div>"
        )
        body = multipart(
            "alternative",
            [text_leaf(text), text_leaf(gmail_html(note) + html_fwd, "html")],
            boundary(rng, "gmail"),
        )
        hdr = top_headers("gmail", rng, fw, TO_ASSOC, "Fwd: " + osubj, rand_date(rng))
        case.notes.insert(
            0,
            "Gmail inline forward by association staff ('---------- Forwarded message ---------'); "
            f"fields are the submitter's; {style.describe()}",
        )
        return message(hdr, body)
    if kind == "apple":
        block = [
            [("Begin forwarded message:", False)],
            [],
            [(f"From: {p.display} <{p.email}>", False)],
            [(f"Subject: {osubj}", False)],
            [(f"Date: {odate.strftime('%-d %B %Y at %H:%M:%S GMT')}", False)],
            [(f"To: {fw[0]} <{fw[1]}>", False)],
            [],
        ]
        text = lines_to_text(note + block + inner)
        part = leaf("text/plain;\n\tcharset=utf-8", enc_body(text, "quoted-printable"), "quoted-printable")
        hdr = top_headers("apple", rng, fw, TO_ASSOC, "Fwd: " + osubj, rand_date(rng))
        case.notes.insert(
            0,
            "Apple Mail inline forward ('Begin forwarded message:' then From/Subject/Date/To); "
            f"fields are the submitter's; {style.describe()}",
        )
        return message(hdr, part)
    # outlook
    style.bold = True
    sent = odate.strftime("%A, %B %-d, %Y %-I:%M %p")
    text = (
        lines_to_text(note, mailto=True) + "\n________________________________\n"
        f"From: {p.display} <{p.email}>\nSent: {sent}\nTo: {fw[0]} <{fw[1]}>\nSubject: {osubj}\n\n"
        + lines_to_text(inner, mailto=True)
    )
    html_body = (
        outlook_paras(note)
        + outlook_header_block(f"{p.display} <{p.email}>", sent, f"{fw[0]} <{fw[1]}>", osubj)
        + outlook_paras(inner)
    )
    body = multipart(
        "alternative",
        [
            text_leaf(text),
            leaf(
                "text/html; charset=windows-1252",
                enc_body(outlook_doc(html_body), "quoted-printable", "cp1252"),
                "quoted-printable",
            ),
        ],
        boundary(rng, "outlook"),
    )
    hdr = top_headers("outlook", rng, fw, TO_ASSOC, "FW: " + osubj, rand_date(rng))
    case.notes.insert(
        0,
        "Outlook inline forward (From:/Sent:/To:/Subject: block, text+HTML); fields are the "
        f"submitter's; {style.describe()}",
    )
    return message(hdr, body)


def v_forward_rfc822(case: Case, style: Style, inner_kind: str) -> bytes:
    rng = case.rng
    fw, note = _forwarder_note(case)
    saved_notes = list(case.notes)
    if inner_kind == "text":
        inner = v_text(case, style, cte="quoted-printable")
    elif inner_kind == "outlook":
        inner = v_outlook_html(case, style)
    elif inner_kind == "gmail":
        inner = v_gmail(case, style)
    else:
        inner = v_docx(case, "table2", client="outlook")
    inner_note = case.notes[0]
    case.notes = saved_notes
    client = rng.choice(["outlook", "gmail"])
    if client == "outlook":
        notep = multipart(
            "alternative",
            [
                text_leaf(lines_to_text(note)),
                leaf(
                    "text/html; charset=windows-1252",
                    enc_body(outlook_doc(outlook_paras(note)), "quoted-printable", "cp1252"),
                    "quoted-printable",
                ),
            ],
            boundary(rng, "outlook") + "alt",
        )
    else:
        notep = text_leaf(lines_to_text(note))
    att = leaf("message/rfc822", inner, None, "attachment", ())
    body = multipart("mixed", [notep, att], boundary(rng, client))
    hdr = top_headers(client, rng, fw, TO_ASSOC, "FW: " + submission_subject(case), rand_date(rng))
    case.notes.insert(
        0,
        f"forwarded as attachment (message/rfc822) by association staff via {client}; inner "
        f"message: {inner_note}",
    )
    return message(hdr, body)


# ====================================================================== Word attachments


def docx_labels(case: Case) -> dict[str, str]:
    rng = case.rng
    hint = rng.choice(HINTS[:6])
    out = {}
    for k in KEYS:
        lab = case.labels[k]
        if k in LIMITS and rng.random() < 0.85:
            lab += " " + hint.format(n=LIMITS[k])
        out[k] = lab
    return out


def _form(case: Case) -> DF.FormDoc:
    return DF.FormDoc(
        order=case.order,
        labels=docx_labels(case),
        answers=case.answers,
        author=case.person.display,
        rng=case.rng,
        missing=dict(case.missing),
        doc_title=case.rng.choice(
            [
                "Libraries Advocacy Network - case study submission form",
                "Advocacy case studies 2025",
                "CASE STUDY FORM",
                "Case study template",
            ]
        ),
    )


def _tracked(case: Case) -> dict[str, Any]:
    rng = case.rng
    a = {k: v or [] for k, v in case.answers.items()}
    tr: dict[str, Any] = {}
    tr["title"] = [[("del", case.alt_title), ("ins", a["title"][0])]]
    words = a["summary"][0].split(" ")
    i, j = sorted(rng.sample(range(2, len(words) - 2), 2))
    tr["summary"] = [
        [
            ("keep", " ".join(words[:i]) + " "),
            ("del", rng.choice(["really ", "very ", "hugely "])),
            ("ins", " ".join(words[i:j]) + " "),
            ("keep", " ".join(words[j:])),
        ]
    ]
    paras = a["description"]
    desc = []
    for n, para in enumerate(paras):
        if n == 1:
            desc.append([("delpara", GENERIC_PARAS[5])])
        if n == len(paras) - 1:
            desc.append([("inspara", para)])
            continue
        sents = _sentences(para)
        if n == 0 and len(sents) >= 2:
            desc.append(
                [
                    ("keep", sents[0] + " "),
                    ("del", "This was a difficult time for everyone. "),
                    ("keep", " ".join(sents[1:])),
                ]
            )
        else:
            desc.append([("keep", para)])
    tr["description"] = desc
    local, dom = a["email"][0].split("@", 1) if "@" in a["email"][0] else (a["email"][0], "")
    if dom:
        tr["email"] = [[("keep", local + "@"), ("del", "libraries." + dom), ("ins", dom)]]
    return tr


def docx_bytes(case: Case, layout: str) -> tuple[bytes, str]:
    rng = case.rng
    form = _form(case)
    if layout == "table2":
        header = rng.choice([None, ("Question", "Answer"), ("Section", "Your response")])
        guidance = (
            {"description": "Tell us what you did, who you worked with and what difference it made."}
            if rng.random() < 0.5
            else None
        )
        return DF.table2(form, header, guidance), (
            "two-column table label | answer"
            + (f", header row {header}" if header else "")
            + (", italic guidance under the description label" if guidance else "")
        )
    if layout == "table_rows":
        return DF.table_rows(form), "one-column table, shaded label row above each answer row"
    if layout == "table3":
        cs = rng.choice(["number", "words", "of"])
        return DF.table3(
            form, cs
        ), f"three-column table question | response | word count (count style {cs!r})"
    if layout == "bold_paras":
        colon = rng.random() < 0.5
        return DF.bold_paras(
            form, colon
        ), f"bold label paragraphs{' with colon' if colon else ''}, answers below"
    if layout == "inline_paras":
        sep = rng.choice([":", " -", ":"])
        return DF.inline_paras(
            form, sep
        ), f"paragraphs 'Label{sep} value' (bold label run), long answers below"
    if layout == "headings":
        lvl = rng.choice([2, 3])
        return DF.headings(form, lvl), (
            f"labels in Heading {lvl} style, answers as Normal paragraphs; an 'End of "
            "form' paragraph follows the last answer"
        )
    if layout.startswith("cc_"):
        sub = layout[3:]
        tags = rng.choice(
            [
                None,
                {k: "txt" + "".join(w.title() for w in k.split("_")) for k in KEYS},
                {k: f"CS_Q{i + 1}" for i, k in enumerate(KEYS)},
            ]
        )
        aliases = {"summary": "Summary", "description": "Project description"} if rng.random() < 0.4 else None
        return (
            DF.content_controls(form, sub, tags, aliases),
            f"content controls (w:sdt alias/tag), layout {sub!r}"
            + (", tags " + str(list(tags.values())[:2]) if tags else ""),
        )
    if layout == "legacy":
        return DF.legacy_formfields(form), "legacy FORMTEXT fields in a protected two-column table"
    if layout == "tracked":
        form.tracked = _tracked(case)
        form.comment_on = "title"
        reviewer = rng.choice(["Paul Lindqvist", "Marta Oyelaran", "Sam Reid"])
        return (
            DF.tracked_changes(form, reviewer),
            f"two-column table with unaccepted tracked changes by {reviewer} (w:ins kept, w:del dropped: "
            f"title "
            "replaced, summary words, a deleted description sentence and paragraph, email domain corrected); "
            "reviewer comment on the title label",
        )
    if layout == "textbox":
        boxed = rng.choice([{"description"}, {"summary", "description", "lessons"}])
        return DF.textboxes(
            form, boxed
        ), f"bold labels, answers of {sorted(boxed)} inside Word text boxes (DrawingML + VML fallback)"
    raise ValueError(layout)


def docx_filename(case: Case) -> str:
    p = case.person
    return case.rng.choice(
        [
            f"Case study form - {p.place}.docx",
            f"LAN_case_study_{fold(p.last).replace(' ', '')}_FINAL v2.docx",
            f"Case study \u2013 {p.first} {p.last}.docx",
            "case study.docx",
            f"{p.place} Libraries case study 2025.docx",
            "Advocacy case study template (completed).docx",
        ]
    )


def v_docx(case: Case, layout: str, client: str | None = None) -> bytes:
    rng = case.rng
    p = case.person
    data, desc = docx_bytes(case, layout)
    client = client or rng.choice(["gmail", "outlook", "plain", "apple"])
    fname = docx_filename(case)
    sender = p
    on_behalf = False
    if rng.random() < 0.15:
        sender = make_person(rng)
        sender = Person(
            sender.first,
            sender.last,
            sender.name,
            re.sub(r"[^a-z]", "", fold(sender.first).lower())
            + "."
            + re.sub(r"[^a-z]", "", fold(sender.last).lower())
            + "@"
            + p.domain,
            "Business Support Officer",
            p.place,
            p.council,
            p.domain,
            p.libs,
            p.org,
            sender.phone,
        )
        on_behalf = True
    cover = [[(rng.choice(GREETINGS), False)], []]
    cover.append(
        [
            (
                rng.choice(
                    [
                        "Please find attached our case study submission.",
                        "Attached is our completed form for the case studies call.",
                        f"On behalf of {p.display}, please find attached the {p.libs} case study."
                        if on_behalf
                        else "I attach our case study - any problems opening the file, just let me know.",
                        "Here's our entry (form attached). Thanks for organising this!",
                    ]
                ),
                False,
            )
        ]
    )
    cover.append([])
    cover += closing_lines(case, person=sender, sig_sep=client == "gmail")
    ctype = DOCX_CT if rng.random() < 0.85 else "application/octet-stream"
    if fname.isascii():
        disp = f'attachment; filename="{fname}"'
        ct = f'{ctype}; name="{fname}"'
    else:
        disp = f"attachment; filename*=utf-8''{quote(fname)}"
        ct = f'{ctype}; name="{Header(fname, "utf-8").encode()}"'
    if client == "apple":
        disp = disp.replace("attachment", "inline")
    att = leaf(ct, base64.encodebytes(data), "base64", disp)
    if client == "gmail":
        bodyp = multipart(
            "alternative",
            [text_leaf(lines_to_text(cover)), text_leaf(gmail_html(cover), "html")],
            boundary(rng, "gmail") + "b",
        )
    elif client == "outlook":
        bodyp = multipart(
            "alternative",
            [
                text_leaf(lines_to_text(cover, mailto=True)),
                leaf(
                    "text/html; charset=windows-1252",
                    enc_body(outlook_doc(outlook_paras(cover)), "quoted-printable", "cp1252"),
                    "quoted-printable",
                ),
            ],
            boundary(rng, "outlook") + "alt",
        )
    elif client == "apple":
        bodyp = leaf(
            "text/plain;\n\tcharset=utf-8",
            enc_body(lines_to_text(cover), "quoted-printable"),
            "quoted-printable",
        )
    else:
        bodyp = text_leaf(lines_to_text(cover), cte="8bit")
    body = multipart("mixed", [bodyp, att], boundary(rng, client))
    hdr = top_headers(
        client if client != "plain" else "plain",
        rng,
        (sender.display, sender.email),
        TO_ASSOC,
        submission_subject(case),
        rand_date(rng),
    )
    if client == "outlook":
        hdr = [h.replace("X-MS-Has-Attach: ", "X-MS-Has-Attach: yes") for h in hdr]
    case.notes.insert(
        0,
        f"Word .docx attachment ({'docx MIME type' if ctype == DOCX_CT else ctype}, {fname!r}): {desc}; "
        f"cover note via "
        f"{client}" + (f"; sent on the submitter's behalf by {sender.display}" if on_behalf else ""),
    )
    return message(hdr, body)


# ====================================================================== non-submissions


def _pdf(lines: list[str]) -> bytes:
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 20 Tf", "72 760 Td", f"({esc(lines[0])}) Tj", "/F1 11 Tf"]
    for ln in lines[1:]:
        ops += ["0 -18 Td", f"({esc(ln)}) Tj"]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offs)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def nonsub(case: Case, kind: str) -> bytes:
    rng = case.rng
    p = case.person
    case.nonsub = True
    case.problems = {}
    frm = (p.display, p.email)
    date = rand_date(rng)
    if kind == "question_deadline":
        text = lines_to_text(
            opening_lines(case, greet=True, intro=False)
            + text_to_lines(
                "Is the 28 March deadline for case studies firm? Our Cabinet Member wants to approve the "
                "summary and the "
                "description before we send anything, and the next briefing isn't until 2 April.\n\n"
                "If a short extension isn't possible we'll send what we have - we're also unsure whether the "
                "job title "
                "should be mine or the project lead's.\n"
            )
            + closing_lines(case, disclaimer=False)
        )
        case.notes.append(
            "not a submission: a question about the deadline (mentions summary/description/job title)"
        )
        return message(
            top_headers("plain", rng, frm, TO_ASSOC, "Question re deadline", date),
            text_leaf(text, cte="8bit"),
        )
    if kind == "question_labels":
        body = (
            "Quick question about two of the questions on the form. For\n\n"
            "Description of the project / initiative / approach (max 750 words)\n\n"
            "does the 750 include the headings we use inside our answer? And for\n\n"
            "Key lessons learned (max 100 words)\n\n"
            "is it OK to use bullet points rather than full sentences?\n\n"
            "We'll send the completed form next week.\n"
        )
        lines = opening_lines(case, greet=True, intro=False) + text_to_lines(body) + closing_lines(case)
        b = boundary(rng, "gmail")
        case.notes.append(
            "not a submission: a question quoting two form labels on lines of their own, no answers"
        )
        return message(
            top_headers("gmail", rng, frm, TO_ASSOC, "Word limits?", date),
            multipart(
                "alternative", [text_leaf(lines_to_text(lines)), text_leaf(gmail_html(lines), "html")], b
            ),
        )
    if kind == "question_multiple":
        body = (
            "Can we submit more than one case study? We have two strong examples - our warm spaces and our "
            "device lending scheme. If only one is allowed, which would be more useful for the "
            "collection?\n\n"
            "Also, the project was run by a team - whose name should go under 'Your name'?\n"
        )
        lines = (
            opening_lines(case, greet=True, intro=False)
            + text_to_lines(body)
            + closing_lines(case, sig_sep=False)
        )
        part = leaf(
            "text/html; charset=windows-1252",
            enc_body(outlook_doc(outlook_paras(lines)), "quoted-printable", "cp1252"),
            "quoted-printable",
        )
        case.notes.append("not a submission: Outlook HTML question about submitting more than one case study")
        return message(
            top_headers("outlook", rng, frm, TO_ASSOC, "Case studies - more than one?", date), part
        )
    if kind == "autoreply":
        body = (
            f"Thank you for your email. I'm away from the office until Monday 14 April with no access to "
            f"email.\n\n"
            f"For anything urgent, please contact our business support team:\n\n"
            f"Name: Libraries Business Support\nEmail: libraries@{p.domain}\nTel: "
            f"{p.phone}\n\n{p.display}\n{p.council}\n"
        )
        hdr = top_headers(
            "gmail",
            rng,
            frm,
            TO_ASSOC,
            "Away until 14 April",
            date,
            ["Auto-Submitted: auto-replied", f"In-Reply-To: {CALL_ID}", "Precedence: bulk"],
        )
        case.notes.append(
            "not a submission: out-of-office auto-reply (Auto-Submitted: auto-replied, custom subject), "
            "body has 'Name:'/'Email:' lines"
        )
        return message(hdr, text_leaf(body))
    if kind == "autoreply_subject":
        body = (
            f"I am on annual leave until Tuesday 8 April and will have limited access to email.\n\n"
            f"For urgent library matters please contact:\n\nName: Bilal Hussain\n"
            f"Job title: Libraries Business Support Manager\nEmail: bilal.hussain@{p.domain}\n\n"
            f"Many thanks,\n{p.first}\n"
        )
        lines = text_to_lines(body)
        part = leaf(
            "text/html; charset=windows-1252",
            enc_body(outlook_doc(outlook_paras(lines)), "quoted-printable", "cp1252"),
            "quoted-printable",
        )
        hdr = top_headers("outlook", rng, frm, TO_ASSOC, "Automatic reply: " + CALL_SUBJECT, date)
        case.notes.append(
            "not a submission: Outlook out-of-office identified only by the 'Automatic reply:' subject "
            "(no Auto-Submitted/X-Auto headers); body has Name:/Job title:/Email: lines for a colleague"
        )
        return message(hdr, part)
    if kind == "newsletter":
        html_doc = (
            '<html><body><div style="max-width:600px;font-family:Helvetica,Arial"><h1>Libraries Connected '
            'Digest</h1>'
            "<p>April 2025</p><h2>Case study of the month</h2>"
            f"<p><b>Title:</b> The {p.place} library of things</p>"
            "<p><b>Summary:</b> A lending library of tools and household items that saved residents "
            "money.</p>"
            "<p><b>Project description</b></p><p>Lockers in five branches lend drills, tents and carpet "
            "cleaners "
            "for a small fee.</p><p><b>Key lessons learnt</b></p><p>Tie projects to the council's climate "
            "plan.</p>"
            f"<p><b>Contact:</b> {_esc(p.display)}, {_esc(p.job)}</p>"
            "<h2>Events</h2><p>Regional advocacy workshop, 22 May, online.</p>"
            '<p style="font-size:11px"><a '
            'href="https://digest.example.org/unsubscribe?u=77ab">Unsubscribe</a></p>'
            "</div></body></html>\n"
        )
        text = (
            "LIBRARIES CONNECTED DIGEST - April 2025\n\nCASE STUDY OF THE MONTH\n"
            f"Title: The {p.place} library of things\nSummary: A lending library of tools and household "
            f"items "
            "that saved residents money.\n\nProject description\nLockers in five branches lend drills, tents "
            "and "
            "carpet cleaners for a small fee.\n\nKey lessons learnt\nTie projects to the council's climate "
            "plan.\n\n"
            f"Contact: {p.display}, {p.job}\n\nUnsubscribe: https://digest.example.org/unsubscribe?u=77ab\n"
        )
        hdr = top_headers(
            "plain",
            rng,
            ("Libraries Connected Digest", "digest@news.example.org"),
            TO_ASSOC,
            "Libraries Connected Digest - April 2025",
            date,
            [
                "List-Unsubscribe: <https://digest.example.org/unsubscribe?u=77ab>, "
                "<mailto:leave@news.example.org>",
                "List-Id: Libraries Connected Digest <digest.news.example.org>",
            ],
        )
        case.notes.append(
            "not a submission: newsletter (List-Unsubscribe, List-Id, no Precedence) featuring a case "
            "study under 'Title:'/'Summary:'/'Project description'/'Key lessons learnt' headings"
        )
        return message(
            hdr, multipart("alternative", [text_leaf(text), text_leaf(html_doc, "html")], boundary(rng, "x"))
        )
    if kind == "bounce":
        staff = STAFF[0]
        orig = message(
            top_headers(
                "plain",
                rng,
                staff,
                addr(p.display, p.email),
                CALL_SUBJECT,
                dt.datetime(2025, 2, 3, 9, 15, 4, tzinfo=dt.UTC),
            ),
            text_leaf(CALL_TEXT + "\n", cte="8bit"),
        )
        human = (
            f"This is the mail system at host mx1.librariesadvocacy.org.uk.\n\nI'm sorry to have to inform "
            f"you "
            f"that your message could not be delivered to one or more recipients.\n\n<{p.email}>: host "
            f"mail.{p.domain}[192.0.2.44] said: 550 5.1.1 User unknown\n"
        )
        status = (
            f"Reporting-MTA: dns; mx1.librariesadvocacy.org.uk\nArrival-Date: Mon, 3 Feb 2025 09:15:05 "
            f"+0000\n\n"
            f"Final-Recipient: rfc822; {p.email}\nAction: failed\nStatus: 5.1.1\n"
            f"Diagnostic-Code: smtp; 550 5.1.1 User unknown\n"
        )
        b = boundary(rng, "x")
        mime_body = multipart(
            "report",
            [
                text_leaf(human, cte="8bit", charset="us-ascii"),
                leaf("message/delivery-status", status.encode()),
                leaf("message/rfc822", orig),
            ],
            b,
            "; report-type=delivery-status",
        )
        hdr = top_headers(
            "plain",
            rng,
            ("Mail Delivery System", "MAILER-DAEMON@mx1.librariesadvocacy.org.uk"),
            addr(*staff),
            "Undelivered Mail Returned to Sender",
            date,
            ["Auto-Submitted: auto-replied"],
        )
        case.notes.append(
            "not a submission: bounce (multipart/report delivery-status) returning the call, whose "
            "empty form labels are in the attached message/rfc822"
        )
        return message(hdr, mime_body)
    if kind == "pdf_brochure":
        pdf = _pdf(
            [
                f"{p.libs}: what's on this spring",
                "Summary of our offer",
                "Rhymetimes every Tuesday and Friday",
                "Digital drop-ins with our volunteer champions",
                "Home library service - ask at any branch",
                f"Find out more: www.{p.domain}/libraries",
            ]
        )
        cover = (
            opening_lines(case, greet=True, intro=False)
            + text_to_lines(
                "Please find attached the brochure I mentioned at the regional meeting - it gives an "
                "overview of our spring "
                "events. We're still pulling our case study together and will send the form before the "
                "deadline.\n"
            )
            + closing_lines(case)
        )
        att = leaf(
            'application/pdf; name="Spring events brochure.pdf"',
            base64.encodebytes(pdf),
            "base64",
            'attachment; filename="Spring events brochure.pdf"',
        )
        mime_body = multipart("mixed", [text_leaf(lines_to_text(cover)), att], boundary(rng, "x"))
        case.notes.append(
            "not a submission: 'please find attached' note whose attachment is a PDF events brochure, "
            "not the form (says the form will follow)"
        )
        return message(top_headers("plain", rng, frm, TO_ASSOC, "Brochure as promised", date), mime_body)
    if kind == "thankyou_quoted":
        staff = STAFF[1]
        t = (case.answers["title"] or [""])[0]
        mine = (
            opening_lines(case, greet=True, intro=False)
            + text_to_lines(
                "Thank you so much for publishing our case study - the team were thrilled, and our Cabinet "
                "Member has "
                "already shared it. Please do let us know if you need anything else from us.\n"
            )
            + closing_lines(case, sig_sep=True)
        )
        quoted = (
            f"Dear {p.first},\n\nThank you for your case study, '{t}'. It has been accepted and will appear "
            f"in the collection next week.\n\nBest wishes,\n{staff[0]}\n{ASSOC[0]}"
        )
        intro = f"On Thu, 10 Apr 2025 at 14:02, {staff[0]} <{staff[1]}> wrote:"
        text = lines_to_text(mine) + "\n" + intro + "\n" + quote_lines(quoted) + "\n"
        hdr = top_headers(
            "gmail",
            rng,
            frm,
            TO_ASSOC,
            "Re: Your case study has been accepted",
            date,
            ["In-Reply-To: <ACK-4471@librariesadvocacy.org.uk>"],
        )
        case.notes.append(
            "not a submission: thank-you reply quoting the acceptance email (which names the title)"
        )
        return message(hdr, text_leaf(text))
    if kind == "thankyou":
        lines = (
            opening_lines(case, greet=True, intro=False)
            + text_to_lines(
                "Just a quick note to say thank you for the workshop yesterday - really useful, and it has "
                "given us lots "
                "of ideas for our case study.\n"
            )
            + closing_lines(case, sig_sep=False)
        )
        part = leaf(
            "text/html; charset=windows-1252",
            enc_body(outlook_doc(outlook_paras(lines)), "quoted-printable", "cp1252"),
            "quoted-printable",
        )
        case.notes.append("not a submission: Outlook HTML thank-you note")
        return message(top_headers("outlook", rng, frm, TO_ASSOC, "Thank you!", date), part)
    raise ValueError(kind)


# ====================================================================== the plan

# (variant, builder-name, options). 120 entries; -n other than 120 cycles through the plan.
PLAN: list[tuple[str, Any]] = (  # (variant, options dict)
    [("text_inline", {})] * 4
    + [("text_inline", {"missing": ("organisation", "absent")})]
    + [("text_label_lines", {})] * 3
    + [("text_label_lines", {"invalid": True})]
    + [("text_label_variants", {})] * 8
    + [("text_label_variants", {"over": "summary"}), ("text_label_variants", {"missing": ("title", "blank")})]
    + [("text_questions", {})] * 4
    + [("text_questions", {"over": "lessons"})]
    + [("text_reordered", {})] * 3
    + [("text_reordered", {"invalid": True})]
    + [("text_hardwrap", {})] * 2
    + [("outlook_html", {})] * 3
    + [("outlook_html", {"over": "description"})]
    + [("outlook_html_table", {})] * 3
    + [("outlook_html_table", {"missing": ("summary", "blank")})]
    + [("outlook_alt", {})] * 2
    + [("gmail_alt", {})] * 3
    + [("gmail_alt", {"invalid": True}), ("gmail_alt", {"over": "lessons"})]
    + [("apple_qp", {})] * 3
    + [("apple_qp", {"missing": ("job_title", "absent")})]
    + [("thunderbird_flowed", {})] * 3
    + [("thunderbird_flowed", {"over": "summary"})]
    + [("thunderbird_flowed_delsp", {"long_url": True})] * 4
    + [("reply_quoted", {})] * 3
    + [("reply_outlook", {})] * 2
    + [("reply_outlook", {"over": "description"})]
    + [("reply_original_message", {})] * 2
    + [("forward_gmail", {})] * 3
    + [("forward_apple", {})] * 2
    + [("forward_outlook", {})] * 3
    + [("forward_rfc822", {"inner": k}) for k in ("text", "outlook", "docx", "gmail")]
    + [("docx_table2", {})] * 3
    + [("docx_table2", {"over": "description"})]
    + [("docx_table_rows", {})] * 2
    + [("docx_table_rows", {"invalid": True})]
    + [("docx_table3_wordcount", {})] * 2
    + [("docx_table3_wordcount", {"over": "summary"})]
    + [("docx_bold_paras", {})] * 3
    + [("docx_inline_paras", {})] * 2
    + [("docx_headings", {})] * 2
    + [("docx_headings", {"over": "lessons"})]
    + [
        ("docx_content_controls", {"layout": "cc_table"}),
        ("docx_content_controls", {"layout": "cc_paras"}),
        ("docx_content_controls", {"layout": "cc_table"}),
        ("docx_content_controls", {"layout": "cc_table", "missing": ("title", "placeholder")}),
        ("docx_content_controls", {"layout": "cc_paras", "missing": ("lessons", "placeholder")}),
    ]
    + [("docx_legacy_formfields", {})] * 3
    + [("docx_legacy_formfields", {"missing": ("job_title", "unfilled")})]
    + [("docx_tracked_changes", {})] * 3
    + [("docx_textbox", {})] * 3
    + [
        ("nonsub_question", {"kind": k})
        for k in ("question_deadline", "question_labels", "question_multiple")
    ]
    + [
        ("nonsub_autoreply", {"kind": "autoreply"}),
        ("nonsub_autoreply_subject", {"kind": "autoreply_subject"}),
        ("nonsub_newsletter", {"kind": "newsletter"}),
        ("nonsub_bounce", {"kind": "bounce"}),
        ("nonsub_pdf_brochure", {"kind": "pdf_brochure"}),
        ("nonsub_thankyou", {"kind": "thankyou_quoted"}),
        ("nonsub_thankyou", {"kind": "thankyou"}),
    ]
)

_DOCX_LAYOUT = {
    "docx_table2": "table2",
    "docx_table_rows": "table_rows",
    "docx_table3_wordcount": "table3",
    "docx_bold_paras": "bold_paras",
    "docx_inline_paras": "inline_paras",
    "docx_headings": "headings",
    "docx_legacy_formfields": "legacy",
    "docx_tracked_changes": "tracked",
    "docx_textbox": "textbox",
}


def build(idx: int, variant: str, opts: dict[str, Any], seed: int) -> tuple[Case, bytes]:
    opts = dict(opts)
    kind = opts.pop("kind", None)
    inner = opts.pop("inner", None)
    layout = opts.pop("layout", None)
    label_mode = {
        "text_inline": "canon",
        "text_label_lines": "canon",
        "text_questions": "questions",
        "text_label_variants": "mixed",
        "text_reordered": "mixed",
    }.get(variant)
    pre = random.Random(f"{seed}:{idx}:pre")
    if label_mode is None:
        label_mode = pre.choice(["canon", "mixed", "mixed", "plain"])
    if variant.startswith("docx") and label_mode == "mixed":
        label_mode = "plain"
    case = new_case(
        idx,
        variant,
        seed,
        label_mode=label_mode,
        shuffled=variant == "text_reordered" or (pre.random() < 0.12 and not variant.startswith("nonsub")),
        **opts,
    )
    rng = case.rng
    if variant.startswith("nonsub"):
        return case, nonsub(case, kind)
    if variant == "text_inline":
        return case, v_text(
            case,
            Style(
                layout="inline_next",
                sep=":",
                hint=rng.choice(["(max {n} words)", None]),
                gap=rng.random() < 0.7,
            ),
        )
    if variant == "text_label_lines":
        return case, v_text(
            case,
            Style(
                layout=rng.choice(["lines", "lines_blank"]),
                sep=rng.choice(["", ":"]),
                hint=rng.choice(["(max {n} words)", None]),
            ),
        )
    if variant in ("text_label_variants", "text_reordered"):
        return case, v_text(case, random_style(rng))
    if variant == "text_questions":
        return case, v_text(case, random_style(rng, number=rng.choice([None, "Q{i}. ", "{i}. "]), case="as"))
    if variant == "text_hardwrap":
        return case, v_text(case, random_style(rng, layout="inline_next"), cte="8bit", wrap=True)
    if variant == "outlook_html":
        return case, v_outlook_html(case, random_style(rng))
    if variant == "outlook_html_table":
        return case, v_outlook_html(case, random_style(rng, number=None), table=True)
    if variant == "outlook_alt":
        return case, v_outlook_alt(case, random_style(rng, sep=":"))
    if variant == "gmail_alt":
        return case, v_gmail(case, random_style(rng, bold=rng.random() < 0.5))
    if variant == "apple_qp":
        return case, v_apple(case, random_style(rng))
    if variant.startswith("thunderbird_flowed"):
        return case, v_flowed(
            case,
            random_style(rng, layout=rng.choice(["inline", "inline_next"]), sep=":"),
            variant.endswith("delsp"),
        )
    if variant == "reply_quoted":
        return case, v_reply(case, random_style(rng), "onwrote")
    if variant == "reply_outlook":
        return case, v_reply(case, random_style(rng), "outlook")
    if variant == "reply_original_message":
        return case, v_reply(case, random_style(rng), "original")
    if variant.startswith("forward_") and variant != "forward_rfc822":
        return case, v_forward_inline(case, random_style(rng), variant.split("_", 1)[1])
    if variant == "forward_rfc822":
        return case, v_forward_rfc822(case, random_style(rng), inner)
    if variant == "docx_content_controls":
        return case, v_docx(case, layout)
    if variant in _DOCX_LAYOUT:
        return case, v_docx(case, _DOCX_LAYOUT[variant])
    raise ValueError(variant)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="output folder (created if missing)")
    ap.add_argument("-n", type=int, default=len(PLAN), help=f"number of cases (default {len(PLAN)})")
    ap.add_argument("--seed", type=int, default=20250328)
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("v[0-9][0-9][0-9]*-*.eml")) + list(out.glob("v[0-9][0-9][0-9]*-*.json")):
        old.unlink()
    rows = []
    total = 0
    for i in range(args.n):
        variant, opts = PLAN[i % len(PLAN)]
        case, raw = build(i + 1, variant, opts, args.seed)
        stem = f"{case.cid}-{variant}"
        truth: dict[str, Any] = {
            "id": case.cid,
            "variant": variant,
            "fields": case.truth(),
            "problem_codes": {} if case.nonsub else dict(case.problems),
            "note": "; ".join(case.notes) if case.nonsub else "; ".join(case.notes),
        }
        if case.nonsub:
            note = [n for n in case.notes if n.startswith("not a submission")]
            truth["note"] = note[0] if note else "not a submission"
        (out / f"{stem}.eml").write_bytes(raw)
        (out / f"{stem}.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        total += len(raw)
        probs = ", ".join(f"{k}:{v}" for k, v in truth["problem_codes"].items()) or "-"
        rows.append(f"| {stem} | {variant} | {probs} |")
    readme = [
        "# Generated variant cases",
        "",
        f"Made by `python -m tests.cases.variants.make_variants -n {args.n} --seed {args.seed}`; do not edit "
        f"by hand.",
        "Same JSON shape and comparison rules as /work/shared/corpus/synthetic/README.md. All people, "
        "councils,",
        "figures and projects are fictional.",
        "",
        "| file stem | variant | problems |",
        "| --- | --- | --- |",
        *rows,
        "",
    ]
    (out / "README.md").write_text("\n".join(readme), encoding="utf-8")
    print(f"wrote {args.n} cases to {out} ({total / 1024:.0f} KiB of .eml)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
