"""Held-out set 8: the association's Word form (two-column table, exact labels) used in many ways.

    python -m tests.cases.heldout8.make_cases [OUT_DIR]   (default /tmp/heldout8)
Seeded and deterministic apart from nothing: same output every run.
"""
from __future__ import annotations

import html
import io
import json
import random
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

SEED = 8088
KEYS = ["name", "job_title", "email", "organisation", "title", "summary", "description", "lessons"]
LABELS = {
    "name": "Your name",
    "job_title": "Job title / position",
    "email": "Email address",
    "organisation": "Name of library service/local authority",
    "title": "Suggested title for case study",
    "summary": "Summary of case study (max 50 words)",
    "description": "Description of the project / initiative / approach (max 750 words)",
    "lessons": "Key lessons learned (max 100 words)",
}
NOHINT = {k: v.split(" (max")[0] for k, v in LABELS.items()}
WELSH = {
    "name": "Enw / Name",
    "job_title": "Teitl swydd / Job title",
    "email": "Cyfeiriad e-bost / Email address",
    "organisation": "Gwasanaeth llyfrgell / Library service",
    "title": "Teitl awgrymedig / Suggested title",
    "summary": "Crynodeb / Summary",
    "description": "Disgrifiad / Description",
    "lessons": "Gwersi allweddol / Key lessons",
}
INBOX = "casestudies@libraryvoices-assoc.org.uk"
CALL_ID = "<CALL-20250411.7Q2@libraryvoices-assoc.org.uk>"
CALL_SUBJ = "Call for case studies: showing the value of public libraries"

FIRST = [
    "Morwenna",
    "Iestyn",
    "Priya",
    "Gethin",
    "Oluwaseun",
    "Catrin",
    "Declan",
    "Hafsa",
    "Rhodri",
    "Ffion",
    "Tomasz",
    "Eluned",
    "Barnaby",
    "Siân",
    "Kwame",
    "Nerys",
    "Aled",
    "Bethan",
    "Ruaridh",
    "Zofia",
]
LAST = ["Pritchard", "ap Dafydd", "Okonjo", "Llewellyn", "Haverford", "Rees-Mostyn", "Nakamura", "Tregarth",
        "Vaughan", "Kowalczyk", "Ellery", "Bowen", "Fairweather", "Gruffydd", "Ashdown", "Meirion"]
JOBS = ["Principal Librarian", "Libraries and Culture Manager", "Community Engagement Librarian",
        "Head of Libraries, Archives and Heritage", "Digital Inclusion Officer", "Reader Development Lead",
        "Service Development Manager (Libraries)", "Senior Librarian – Young People"]
ORGS = [("Cyngor Sir Glanafon / Glanafon County Council", "glanafon.gov.wales"),
        ("Merewick Borough Libraries", "merewick.gov.uk"),
        ("Eastholm City Council Library Service", "eastholm.gov.uk"),
        ("Llyfrgelloedd Bro Tawelan", "brotawelan.gov.wales"),
        ("Fenmouth Libraries Trust", "fenmouthlibraries.org.uk"),
        ("Caer Wenallt Library Service", "caerwenallt.gov.wales"),
        ("North Ashby District Council – Libraries", "northashby.gov.uk"),
        ("Harrowgate Vale Libraries", "harrowgatevale.gov.uk")]
TOPICS = [
    ("Warm Spaces, Warm Welcome: libraries through the winter", "warm spaces", "winter opening"),
    ("Books on the bus: a mobile library for upland villages", "mobile library", "rural routes"),
    ("From cuts to co-design: rethinking our opening hours", "opening hours review", "co-design"),
    ("Code Club Cymru in the branch library", "coding clubs", "young people"),
    ("Sgwrs a Phaned: Welsh learners' conversation cafés", "Welsh learners' cafés", "language"),
    ("Counting what counts: a social value audit of our libraries", "social value audit", "evidence"),
    ("Library of Things: lending drills, tents and sewing machines", "library of things", "lending"),
    ("Health on the Shelf: GP social prescribing to libraries", "social prescribing", "health"),
    ("Saving Pen-y-Bryn library with the community", "community-managed library", "asset transfer"),
    ("Digital Buddies: volunteers helping older residents get online", "digital buddies", "inclusion"),
]
SENT = [
    "In {year} the council's medium-term financial plan proposed savings of £{k},000 from the library "
    "budget, and the {topic} work grew out of our response.",
    "We started by asking residents what they actually used, holding {n} drop-in sessions and an online "
    "survey that drew {m} replies.",
    "Staff from {br} branches volunteered to pilot the {topic} approach, with support from our {focus} "
    "partners.",
    "Visits rose by {p}% over the first six months, and the number of new members aged under 25 more than "
    "doubled.",
    "We recorded every conversation in a simple spreadsheet so that we could show councillors the “before "
    "and after” picture.",
    "Elected members were invited to see the sessions for themselves; several came back with residents from "
    "their own wards.",
    "The project cost £{c} in its first year – mostly staff time – and was funded partly through a small "
    "grant from the regional partnership.",
    "Partners included the health board, two housing associations, the local college and a volunteer centre.",
    "Some branches struggled with space, so we moved furniture, shared rooms with the children's library and "
    "ran sessions on Saturdays.",
    "Feedback from users was overwhelmingly positive: one said the library was “the only place I talk to "
    "anyone all week”.",
    "By the end of {year2} the scheme had become part of our core offer and was written into the new library "
    "strategy.",
    "We also produced a short film and a one-page infographic, which proved more persuasive with Cabinet "
    "than any report.",
]
LESSON = [
    "Collect evidence from day one, not when the budget decision is already looming.",
    "Bring councillors into the library to see the work rather than describing it on paper.",
    "Front-line staff have the best ideas; give them time and permission to try them.",
    "Partners will share costs if you can show them what they gain.",
    "Keep the data simple enough that anyone can update it.",
    "Tell stories about real people alongside the numbers.",
    "Do not underestimate how long community consultation takes.",
]


def words(s: str) -> int:
    return len(s.split())


def make_person(rng: random.Random, i: int) -> dict[str, Any]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    org, dom = ORGS[i % len(ORGS)]
    title, topic, focus = TOPICS[i % len(TOPICS)]
    local = (first + "." + last).lower().replace(" ", "").replace("â", "a").replace("'", "")
    fill = dict(
        year=rng.choice([2022, 2023]),
        year2=2024,
        k=rng.randint(120, 640),
        n=rng.randint(6, 30),
        m=rng.randint(300, 4200),
        br=rng.randint(3, 14),
        p=rng.randint(12, 48),
        c=f"{rng.randint(8, 90)},{rng.randint(100, 999)}",
        topic=topic,
        focus=focus,
    )
    sents = [s.format(**fill) for s in rng.sample(SENT, 9)]
    paras = [" ".join(sents[0:3]), " ".join(sents[3:6]), " ".join(sents[6:9])]
    summary = (
        f"Our {topic} project helped {org.split(' / ')[-1]} show councillors the value of libraries. "
        f"It reached {fill['m']} residents, raised visits by {fill['p']}% and is now part of our core offer."
    )
    lessons_l = rng.sample(LESSON, 3)
    return {
        "name": f"{first} {last}",
        "job_title": rng.choice(JOBS),
        "email": f"{local}@{dom}",
        "organisation": org,
        "title": title,
        "summary": summary,
        "description": "\n\n".join(paras),
        "lessons": " ".join(lessons_l),
        "_desc_paras": paras,
    }


def fields_of(p: dict[str, Any]) -> dict[str, str | None]:
    return {k: p[k] for k in KEYS}


# ---------------------------------------------------------------- docx
def shade(cell: Any, fill: str = "D9E2F3") -> None:
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcPr.append(shd)


def build_docx(p: dict[str, Any], labels: dict[str, str], *, blank_row: bool = False, shaded: bool = False,
               skip: tuple[str, ...] = (), heading: str = "Case study submission form") -> bytes:
    d = docx.Document()
    d.add_heading(heading, level=1)
    d.add_paragraph("Please complete the table below and return it to " + INBOX + ".")
    t = d.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for _idx, k in enumerate(KEYS):
        row = t.add_row().cells
        row[0].text = labels[k]
        if shaded:
            shade(row[0])
        if k in skip:
            row[1].text = ""
        elif k == "description":
            paras = p["_desc_paras"]
            row[1].text = paras[0]
            for para in paras[1:]:
                row[1].add_paragraph(para)
        else:
            row[1].text = p[k]
        if blank_row and k == "organisation":
            t.add_row()  # an extra empty row someone inserted
    if blank_row:
        t.add_row()
    d.add_paragraph("Thank you. / Diolch.")
    d.core_properties.author = p.get("name") or "Library Services"
    d.core_properties.created = d.core_properties.modified = datetime(2025, 4, 1, 9, 0)
    buf = io.BytesIO()
    d.save(buf)
    return fixed_zip(buf.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed member timestamps so output is byte-identical run to run."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 4, 1, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


DOCX_CT = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


# ---------------------------------------------------------------- email helpers
class Ctx:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.t = datetime(2025, 4, 14, 8, 0, tzinfo=UTC)

    def msg(self, p: dict[str, Any], subject: str, *, reply: bool = False) -> EmailMessage:
        m = EmailMessage()
        m["From"] = f"{p['name']} <{p['email']}>" if p.get("name") else p["email"]
        m["To"] = INBOX
        m["Subject"] = subject
        self.t += timedelta(hours=self.rng.randint(2, 40), minutes=self.rng.randint(0, 59))
        m["Date"] = format_datetime(self.t)
        m["Message-ID"] = (
            f"<{self.rng.getrandbits(64):016x}.{self.rng.randint(1000, 9999)}@{p['email'].split('@')[-1]}>"
        )
        if reply:
            m["In-Reply-To"] = CALL_ID
            m["References"] = CALL_ID
        return m


def sig(p: dict[str, Any]) -> str:
    return f"{p['name'] or ''}\n{p['job_title']}\n{p['organisation']}"


def plain_form(p: dict[str, Any], labels: dict[str, str], sep: str = ": ", skip: tuple[str, ...] = ()) -> str:
    out = []
    for k in KEYS:
        v = "" if k in skip else p[k]
        if k == "description":
            out.append(f"{labels[k]}{sep.rstrip()}\n{v}")
        else:
            out.append(f"{labels[k]}{sep}{v}")
    return "\n\n".join(out)


# ---------------------------------------------------------------- variants
def v_docx(ctx: Ctx, p: dict[str, Any], kind: str, skip: tuple[str, ...] = ()) -> EmailMessage:
    labels = NOHINT if kind == "hint_deleted" else LABELS
    data = build_docx(p, labels, blank_row=kind == "blank_row", shaded=kind == "shaded", skip=skip)
    m = ctx.msg(p, "Case study submission")
    m.set_content(
        f"Dear colleagues,\n\nPlease find attached our case study form.\n\nKind regards,\n\n{sig(p)}\n"
    )
    m.add_attachment(
        data, maintype=DOCX_CT[0], subtype=DOCX_CT[1], filename="Case study form - completed.docx"
    )
    return m


def v_docx_plus_summary(ctx: Ctx, p: dict[str, Any]) -> EmailMessage:
    data = build_docx(p, LABELS)
    m = ctx.msg(p, f"Case study: {p['title']}")
    m.set_content(
        "Hello,\n\nI attach our completed form. In short: our library team spent the last year working with "
        "residents and partners to rethink how we deliver services, and the results have helped us make the "
        "case "
        "to elected members for keeping every branch open. The full story is in the attachment.\n\n"
        f"Best wishes,\n{sig(p)}\n"
    )
    m.add_attachment(data, maintype=DOCX_CT[0], subtype=DOCX_CT[1], filename=f"{p['title'][:20]}.docx")
    return m


def v_welsh_docx(ctx: Ctx, p: dict[str, Any]) -> EmailMessage:
    data = build_docx(p, WELSH, heading="Ffurflen astudiaeth achos / Case study form")
    m = ctx.msg(p, "Astudiaeth achos / Case study")
    m.set_content(
        f"Annwyl gydweithwyr / Dear colleagues,\n\nGweler y ffurflen ynghlwm. / Please see the form "
        f"attached.\n\nCofion / Regards,\n{sig(p)}\n"
    )
    m.add_attachment(data, maintype=DOCX_CT[0], subtype=DOCX_CT[1], filename="Ffurflen-Form.docx")
    return m


def v_welsh_text(ctx: Ctx, p: dict[str, Any]) -> EmailMessage:
    m = ctx.msg(p, "Astudiaeth achos / Case study submission")
    m.set_content("Bore da,\n\n" + plain_form(p, WELSH) + f"\n\nDiolch yn fawr,\n{sig(p)}\n")
    return m


def outlook_table_html(p: dict[str, Any], labels: dict[str, str], skip: tuple[str, ...] = ()) -> str:
    rows = []
    for k in KEYS:
        v = "" if k in skip else p[k]
        paras = p["_desc_paras"] if k == "description" else [v]
        cell = "".join(
            f"<p class=MsoNormal><span "
            f"style='font-size:11.0pt;font-family:\"Arial\",sans-serif'>"
            f"{html.escape(x) if x else '&nbsp;'}<o:p></o:p></span></p>"
            for x in paras
        )
        rows.append(
            "<tr><td width=240 valign=top style='width:180.0pt;border:solid windowtext 1.0pt;padding:0cm "
            "5.4pt 0cm 5.4pt'>"
            f"<p class=MsoNormal><b><span "
            f"style='font-size:11.0pt'>{html.escape(labels[k])}<o:p></o:p></span></b></p></td>"
            f"<td width=400 valign=top style='width:300.0pt;border:solid windowtext "
            f"1.0pt;border-left:none;padding:0cm 5.4pt 0cm 5.4pt'>{cell}</td></tr>"
        )
    return (
        "<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 "
        "style='border-collapse:collapse;border:none'>"
        "<tbody>" + "".join(rows) + "</tbody></table>"
    )


def v_outlook_table(ctx: Ctx, p: dict[str, Any], skip: tuple[str, ...] = ()) -> EmailMessage:
    m = ctx.msg(p, "Case study for the library value campaign")
    plain = "Hi,\n\nHere is our case study.\n\n" + "\n".join(
        f"{LABELS[k]}\t{'' if k in skip else p[k]}" for k in KEYS) + f"\n\nThanks,\n{sig(p)}\n"
    m.set_content(plain)
    body = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv=Content-Type '
        'content="text/html; charset=utf-8">'
        '<style>p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif;}</style></head>'
        '<body lang=EN-GB link="#0563C1"><div class=WordSection1>'
        "<p class=MsoNormal>Hi,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>"
        "<p class=MsoNormal>Here is our case study.<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>"
        + outlook_table_html(p, LABELS, skip)
        + "<p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Thanks,<o:p></o:p></p>"
        + "".join(f"<p class=MsoNormal>{html.escape(x)}<o:p></o:p></p>" for x in sig(p).split("\n") if x)
        + "</div></body></html>"
    )
    m.add_alternative(body, subtype="html")
    return m


def v_tab_text(ctx: Ctx, p: dict[str, Any]) -> EmailMessage:
    lines = []
    for k in KEYS:
        if k == "description":
            paras = p["_desc_paras"]
            lines.append(f"{LABELS[k]}\t{paras[0]}")
            lines.extend(paras[1:])
        else:
            lines.append(f"{LABELS[k]}\t{p[k]}")
    m = ctx.msg(p, "Case study form")
    m.set_content("Hello,\n\nI've pasted our form below.\n\n" + "\n".join(lines) + f"\n\nRegards\n{sig(p)}\n")
    return m


def v_gmail_bold(ctx: Ctx, p: dict[str, Any], labels: dict[str, str] = LABELS) -> EmailMessage:
    plain_parts, html_parts = [], []
    for k in KEYS:
        paras = p["_desc_paras"] if k == "description" else [p[k]]
        plain_parts.append(f"*{labels[k]}*\n" + "\n\n".join(paras))
        html_parts.append(
            f"<div><b>{html.escape(labels[k])}</b></div>"
            + "".join(f"<div>{html.escape(x)}</div><div><br></div>" for x in paras)
        )
    m = ctx.msg(p, "Case study submission - " + p["title"])
    m.set_content("Hi there,\n\n" + "\n\n".join(plain_parts) + f"\n\nMany thanks\n\n--\n{sig(p)}\n")
    m.add_alternative(
        '<div dir="ltr"><div>Hi there,</div><div><br></div>'
        + "".join(html_parts)
        + '<div>Many thanks</div><div><br></div>-- <br><div dir="ltr" class="gmail_signature">'
        + "<br>".join(html.escape(x) for x in sig(p).split("\n"))
        + "</div></div>",
        subtype="html",
    )
    return m


CALL_TEXT = (
    "Dear colleague,\n\nWe are gathering case studies that show how public library services make the case "
    "for their value to councillors and funders. If you have a story to share, please reply to this email "
    "with the form below completed, or fill in the attached Word form.\n\n"
    + "\n".join(f"{LABELS[k]}:" for k in KEYS)
    + "\n\nWith thanks,\nThe Case Studies Team\nLibrary Voices Association"
)


def v_reply_quoted(ctx: Ctx, p: dict[str, Any]) -> EmailMessage:
    m = ctx.msg(p, "RE: " + CALL_SUBJ, reply=True)
    quoted = "\n".join(("> " + ln) if ln else ">" for ln in CALL_TEXT.split("\n"))
    body = (
        "Hi,\n\nHappy to contribute - details below.\n\n"
        + plain_form(p, LABELS)
        + f"\n\nCheers,\n{p['name'].split()[0]}\n\n"
        f"On Mon, 7 Apr 2025 at 09:15, Library Voices Association <{INBOX}> wrote:\n{quoted}\n"
    )
    m.set_content(body)
    return m


def v_nonsub_question(ctx: Ctx, p: dict[str, Any]) -> EmailMessage:
    m = ctx.msg(p, "Cwestiwn am yr alwad / Question about the call", reply=True)
    m.set_content(
        "Helo,\n\nA oes modd cyflwyno astudiaeth achos yn Gymraeg? Hefyd, a yw'r terfyn o 750 gair ar gyfer "
        "y "
        "disgrifiad yn cynnwys tablau?\n\nIs it possible to submit a case study in Welsh? Also, does the 750 "
        "word "
        "limit for the description include tables? And do we need to fill in the Summary and Key lessons "
        "boxes "
        "if the project is still running?\n\nDiolch / Thanks,\n" + sig(p) + "\n"
    )
    return m


def v_nonsub_autoreply(ctx: Ctx, p: dict[str, Any]) -> EmailMessage:
    m = ctx.msg(p, "Out of office / Allan o'r swyddfa: " + CALL_SUBJ, reply=True)
    m["Auto-Submitted"] = "auto-replied"
    m["X-Auto-Response-Suppress"] = "All"
    m.set_content(
        "Rydw i allan o'r swyddfa tan 28 Ebrill heb fynediad at e-bost. Am faterion brys, cysylltwch â "
        "llyfrgelloedd@"
        + p["email"].split("@")[1]
        + ".\n\nI am out of the office until 28 April with no access "
        "to email. For urgent matters please contact libraries@" + p["email"].split("@")[1] + ".\n\n"
        "Your name, job title and email address will be passed on if you leave a message.\n\n" + sig(p) + "\n"
    )
    return m


# ---------------------------------------------------------------- plan
PLAN = [
    ("docx_table_hint_deleted", 3), ("docx_table_blank_row", 3), ("docx_table_shaded", 2),
    ("outlook_html_table", 3), ("text_tab_table", 3), ("gmail_bold_labels", 3), ("reply_quoted_call", 3),
    ("docx_plus_body_summary", 2), ("welsh_bilingual_docx", 2), ("welsh_bilingual_text", 1),
]


def main(out: Path) -> None:
    random.seed(SEED)  # email.generator draws MIME boundaries from the global RNG
    rng = random.Random(SEED)
    ctx = Ctx(rng)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("v*.*"):
        old.unlink()
    cases = []
    i = 0

    def emit(variant: str, m: EmailMessage, fields: dict[str, str | None], problems: dict[str, str],
             note: str) -> None:
        nonlocal i
        i += 1
        stem = f"v{i:03d}-{variant}"
        (out / f"{stem}.eml").write_bytes(m.as_bytes(policy=SMTP))
        (out / f"{stem}.json").write_text(json.dumps({"id": f"v{i:03d}", "variant": variant, "fields": fields,
                                                      "problem_codes": problems, "note": note},
                                                     ensure_ascii=False, indent=2), encoding="utf-8")
        cases.append(stem)

    for variant, n in PLAN:
        for _ in range(n):
            p = make_person(rng, i)
            f = fields_of(p)
            if variant.startswith("docx_table_"):
                kind = variant.removeprefix("docx_table_")
                m = v_docx(ctx, p, kind)
                note = f"Word form, two-column table, {kind.replace('_', ' ')}"
            elif variant == "outlook_html_table":
                m, note = v_outlook_table(ctx, p), "form table pasted into Outlook HTML (MsoNormal cells)"
            elif variant == "text_tab_table":
                m, note = (
                    v_tab_text(ctx, p),
                    "table pasted as plain text: label TAB answer, description paragraphs on following lines",
                )
            elif variant == "gmail_bold_labels":
                m, note = v_gmail_bold(ctx, p), "retyped in Gmail, labels bold (plain part *label*)"
            elif variant == "reply_quoted_call":
                m, note = (
                    v_reply_quoted(ctx, p),
                    "reply with answers above the quoted call (labels with empty answers)",
                )
            elif variant == "docx_plus_body_summary":
                m, note = (
                    v_docx_plus_summary(ctx, p),
                    "Word form attached plus one-paragraph summary in body (body is not an answer)",
                )
            elif variant == "welsh_bilingual_docx":
                m, note = v_welsh_docx(ctx, p), "Word form with Welsh/English bilingual labels"
            else:
                m, note = v_welsh_text(ctx, p), "plain text with Welsh/English bilingual labels"
            emit(variant, m, f, {}, note)

    # problems
    p = make_person(rng, i)
    f = fields_of(p)
    f["name"] = None
    p2 = dict(p)
    p2["name"] = None
    m = v_docx(ctx, p2, "shaded", skip=("name",))
    emit("docx_table_shaded", m, f, {"name": "missing"}, "Word table, name cell left blank")

    p = make_person(rng, i)
    p["summary"] = (
        p["summary"] + " We worked with staff, volunteers, councillors and partners across every branch, and "
        "the evidence we gathered is now used in every budget conversation with the council."
    )
    extra = 60 - words(p["summary"])
    if extra > 0:
        p["summary"] += " " + " ".join(
            ["Thanks"] * 0
            + "Residents told us clearly that the library matters to them and to the wider "
              "community here".split()[
                :extra
            ]
        )
    assert words(p["summary"]) == 60, words(p["summary"])
    emit("outlook_html_table", v_outlook_table(ctx, p), fields_of(p), {"summary": "over_word_limit"},
         "Outlook table, summary of 60 words")

    p = make_person(rng, i)
    p["email"] = "jo.evans@cyngor"
    p["name"] = "Jo Evans"
    m = v_welsh_text(ctx, p)
    m.replace_header("From", "Jo Evans <jo.evans@cyngor-glanafon.gov.wales>")
    emit(
        "welsh_bilingual_text",
        m,
        fields_of(p),
        {"email": "invalid"},
        "bilingual labels, email typed without domain suffix",
    )

    p = make_person(rng, i)
    emit("nonsub_question", v_nonsub_question(ctx, p), {k: None for k in KEYS}, {},
         "not a submission: question about the call in Welsh and English")
    p = make_person(rng, i)
    emit("nonsub_autoreply", v_nonsub_autoreply(ctx, p), {k: None for k in KEYS}, {},
         "not a submission: bilingual out-of-office auto-reply (Auto-Submitted: auto-replied)")
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/heldout8"))
