"""Held-out set 6: HTML client layouts, Word table layouts, resubmission, problems, non-submissions.

Seeded and deterministic.  Usage: python make_cases.py [OUT_DIR]   (default /tmp/heldout6)
"""
from __future__ import annotations

import copy
import html
import io
import json
import random
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr
from pathlib import Path
from typing import Any

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

RNG = random.Random(6606)
TO = "casestudies@librariesadvocacy.org.uk"
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

PEOPLE = [
    ("Ama Boateng", "Reader Development Lead", "ama.boateng@fenwoldshire.gov.uk", "Fenwold Shire Libraries"),
    (
        "Tomasz Wójcik",
        "Head of Libraries and Archives",
        "t.wojcik@calderbrook.gov.uk",
        "Calderbrook Metropolitan Borough Council",
    ),
    (
        "Niamh O’Driscoll",
        "Community Librarian",
        "niamh.odriscoll@lowmarsh.gov.uk",
        "Lowmarsh District Libraries",
    ),
    (
        "Rajesh Pillai",
        "Digital Services Manager",
        "rajesh.pillai@kestrelford.gov.uk",
        "Kestrelford City Libraries",
    ),
    (
        "Hélène Marchetti",
        "Library Operations Manager",
        "helene.marchetti@braxhill.org.uk",
        "Braxhill Libraries Trust",
    ),
    (
        "Gareth Pryce-Evans",
        "Principal Librarian, Children and Families",
        "gareth.pryce-evans@ynysfach.gov.wales",
        "Ynys Fach County Borough Libraries",
    ),
    (
        "Folasade Adeyemi",
        "Service Development Officer",
        "f.adeyemi@hollinsmere.gov.uk",
        "Hollinsmere Council Library Service",
    ),
    (
        "Mairi Sutherland",
        "Libraries Strategy Manager",
        "mairi.sutherland@strathorran.gov.scot",
        "Strathorran Council Libraries",
    ),
    (
        "Declan Hargreaves",
        "Area Library Manager (North)",
        "declan.hargreaves@oakbeck.gov.uk",
        "Oakbeck Libraries",
    ),
    (
        "Sunita Chaudhry",
        "Learning and Skills Coordinator",
        "sunita.chaudhry@westmarden.gov.uk",
        "West Marden Borough Council",
    ),
    ("Bethan Lloyd", "Outreach Librarian", "bethan.lloyd@glanafon.gov.wales", "Glan Afon Libraries"),
    (
        "Oluwaseun Bakare",
        "Assistant Director, Culture and Libraries",
        "o.bakare@ravensholt.gov.uk",
        "Ravensholt Council",
    ),
    (
        "Zsofia Kertész",
        "Stock and Reader Services Manager",
        "zsofia.kertesz@mirefield.gov.uk",
        "Mirefield Library Service",
    ),
    (
        "Callum McBride",
        "Business and IP Centre Adviser",
        "callum.mcbride@dunlarig.gov.scot",
        "Dunlarig Libraries",
    ),
]

PROJECTS = [
    ("Warm Spaces, Open Doors: the winter hub programme", "warm hubs", "adult social care", 14, "£38,000"),
    ("Seed library: growing gardens and friendships", "a seed library", "the parks team", 9, "£6,500"),
    (
        "Code Club at the branch: teenagers teaching teenagers",
        "coding clubs",
        "the youth service",
        21,
        "£12,400",
    ),
    (
        "Job Shop Tuesdays: employment support in the library",
        "employment drop-ins",
        "the local Jobcentre",
        31,
        "£22,000",
    ),
    (
        "Bookstart plus: rhyme times for new arrivals",
        "bilingual rhyme times",
        "the health visiting team",
        17,
        "£9,800",
    ),
    (
        "From archive to stage: local history on the road",
        "touring local history theatre",
        "the arts development team",
        12,
        "£41,000",
    ),
    (
        "Library of Things: borrowing instead of buying",
        "a Library of Things",
        "the waste and recycling team",
        26,
        "£15,300",
    ),
    (
        "Digital buddies: volunteer help for online forms",
        "digital buddy sessions",
        "the housing benefits team",
        44,
        "£18,750",
    ),
    (
        "Reading well in prison: a partnership with HMP Oakbeck",
        "prison reading groups",
        "the prison education provider",
        8,
        "£7,200",
    ),
    ("Makerspace in a mobile library", "a mobile makerspace", "the economic development team", 19, "£56,000"),
    (
        "Quiet hours: autism-friendly library opening",
        "quiet opening hours",
        "the local autism charity",
        23,
        "£3,100",
    ),
    (
        "Health information points in every branch",
        "health information points",
        "public health",
        35,
        "£27,600",
    ),
]

OPEN = [
    "Before {yr} our branches had little contact with {partner}.",
    "When the council reviewed its {yr} priorities, we saw a chance to show what libraries could offer "
    "{partner}.",
    "The idea for {thing} came from a conversation with {partner} in the spring of {yr}.",
]
MIDDLE = [
    "We ran a small pilot at two branches, recorded every visit and asked participants what difference it "
    "made.",
    "Staff were trained over three half-day sessions and a volunteer coordinator was recruited for twelve "
    "months.",
    "We secured {money} from a mix of council funding and a charitable trust to extend the work across the "
    "county.",
    "Attendance grew by {pct}% over the first year, with many people saying they had never used a library "
    "before.",
    "Councillors were invited to see sessions in person, and two of them later spoke about the project in "
    "committee.",
    "We shared monthly figures with {partner}, which helped them see the library as part of their own "
    "service.",
    "Feedback forms were short and available in four community languages, which raised the response rate "
    "considerably.",
    "The local newspaper covered the launch, and the story was picked up by regional radio the following "
    "week.",
    "A simple logic model helped us agree outcomes with partners at the start, rather than arguing about "
    "them at the end.",
    "Not everything worked: an evening session attracted almost no one and we moved it to Saturday mornings.",
]
CLOSE = [
    "The work is now part of the service plan and has recurring funding for a further two years.",
    "{partner} now refers people to us directly, and the approach is being copied by neighbouring "
    "authorities.",
    "The project changed how senior managers talk about libraries: as a partner in delivery, not a cost to "
    "be cut.",
]
LESSON_S = [
    "Start with a partner's priorities rather than your own.",
    "Collect simple data from the first day.",
    "Invite councillors to see the work in person.",
    "Volunteers need support, not just a rota.",
    "Small pilots make it easier to say yes.",
    "Share credit generously with partners.",
    "Tell stories alongside the numbers.",
    "Plan the exit before the funding ends.",
    "Listen to the people who do not come, not only those who do.",
    "Keep the paperwork light for participants.",
]


def description(proj: tuple[str, str, str, int, str], n_par: int | None = None) -> str:
    title, thing, partner, pct, money = proj
    yr = RNG.choice([2022, 2023, 2024])
    fmt = dict(thing=thing, partner=partner, pct=pct, money=money, yr=yr)
    n_par = n_par or RNG.randint(2, 4)
    paras = [RNG.choice(OPEN).format(**fmt) + " " + " ".join(s.format(**fmt) for s in RNG.sample(MIDDLE, 2))]
    for _ in range(n_par - 2):
        paras.append(" ".join(s.format(**fmt) for s in RNG.sample(MIDDLE, 3)))
    paras.append(RNG.choice(CLOSE).format(**fmt))
    paras[-1] = paras[-1][0].upper() + paras[-1][1:]
    return "\n\n".join(paras)


def make_fields(i: int) -> dict[str, Any]:
    name, job, email, org = PEOPLE[i % len(PEOPLE)]
    proj = PROJECTS[(i * 5) % len(PROJECTS)]
    title, thing, partner, pct, money = proj
    summary = (f"We worked with {partner} to offer {thing} in our branches. "
               f"Use rose by {pct}% and the work attracted {money} of new funding.")
    lessons = " ".join(RNG.sample(LESSON_S, 3))
    return {"name": name, "job_title": job, "email": email, "organisation": org, "title": title,
            "summary": summary, "description": description(proj), "lessons": lessons}


def paras(v: str | None) -> list[str]:
    return v.split("\n\n") if v else []


E = html.escape

# ---------------------------------------------------------------- HTML bodies

def h_owa(f: dict[str, Any], greeting: str, signoff: Any) -> str:
    out = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
           '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head>'
           '<body dir="ltr">']
    sp = ('<span style="font-size:11pt; font-family:Aptos, Aptos_EmbeddedFont, Calibri, Helvetica, '
          'sans-serif; color:rgb(0,0,0)">')
    div = ('<div class="elementToProof" style="font-family: Aptos, Calibri, Helvetica, sans-serif; '
           'font-size: 11pt; color: rgb(0, 0, 0);">')
    out.append(f"{div}{sp}{E(greeting)}</span></div>{div}<br></div>")
    for k in KEYS:
        v = f[k]
        if k == "title" and v is None and f.get("_drop_title"):
            continue
        ps = paras(v)
        first = E(ps[0]) if ps else ""
        out.append(f"{div}{sp}<b>{E(LABELS[k])}</b><br>{first}</span></div>")
        for p in ps[1:]:
            out.append(f"{div}<br></div>{div}{sp}{E(p)}</span></div>")
        out.append(f"{div}<br></div>")
    out.append(f"{div}{sp}{E(signoff[0])}</span></div>{div}{sp}{E(signoff[1])}</span></div>")
    out.append('<div id="Signature"><div style="font-size:9pt;color:#666">' + E(signoff[2]) +
               '<br>This email and any attachments are confidential.</div></div></body></html>')
    return "\n".join(out)


def h_apple(f: dict[str, Any], greeting: str, signoff: Any) -> str:
    out = [
        '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
        '<body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">',
        f"<div>{E(greeting)}</div><div><br></div>",
    ]
    for k in KEYS:
        if f[k] is None and f.get("_drop_" + k):
            continue
        out.append(f"<div><b>{E(LABELS[k])}</b></div>")
        for j, p in enumerate(paras(f[k])):
            if j:
                out.append("<div><br></div>")
            out.append(f"<div>{E(p)}</div>")
        out.append("<div><br></div>")
    out.append(f"<div>{E(signoff[0])}</div><div>{E(signoff[1])}</div><div><br></div>")
    out.append('<div><br><blockquote type="cite"><div>On 3 Feb 2026, at 09:15, Libraries Advocacy Network '
               '&lt;casestudies@librariesadvocacy.org.uk&gt; wrote:</div><br><div><div>Dear colleague,</div>'
               '<div><br></div><div>We are collecting case studies showing how library services support '
               'council priorities. Please reply with the following:</div><div><br></div>'
               + "".join(f"<div>{E(LABELS[k])}:</div>" for k in KEYS) +
               '<div><br></div><div>Deadline: 27 March 2026.</div></div></blockquote></div></body></html>')
    return "\n".join(out)


def h_yahoo(f: dict[str, Any], greeting: str, signoff: Any) -> str:
    parts = []
    for k in KEYS:
        parts.append(f"<strong>{E(LABELS[k])}</strong><br>" + "<br><br>".join(E(p) for p in paras(f[k])))
    inner = f"{E(greeting)}<br><br>" + "<br><br>".join(parts) + f"<br><br>{E(signoff[0])}<br>{E(signoff[1])}"
    return (
        '<html><head></head><body><div class="ydp3f1a2b3cyahoo-style-wrap" style="font-family:Helvetica '
        'Neue, '
        'Helvetica, Arial, sans-serif;font-size:13px;"><div dir="ltr" data-setdir="false">'
        + inner
        + '</div><div><br></div><div id="ydp3f1a2b3csignature"><div>Sent from Yahoo Mail for '
          'iPhone</div></div>'
        "</div></body></html>"
    )


def h_thunderbird(f: dict[str, Any], greeting: str, signoff: Any) -> str:
    out = [
        '<!DOCTYPE html>\n<html>\n  <head>\n    <meta http-equiv="content-type" content="text/html; '
        'charset=UTF-8">\n  </head>\n  <body>',
        f"    <p>{E(greeting)}</p>",
    ]
    for k in KEYS:
        ps = paras(f[k])
        if k in ("summary", "description", "lessons"):
            out.append(f"    <p><b>{E(LABELS[k])}</b></p>")
            out += [f"    <p>{E(p)}</p>" for p in ps]
        else:
            out.append(f"    <p><b>{E(LABELS[k])}:</b> {E(ps[0]) if ps else ''}</p>")
    out.append(f"    <p>{E(signoff[0])}<br>\n      {E(signoff[1])}</p>")
    out.append(
        '    <div class="moz-signature">-- <br>\n      ' + E(signoff[2]) + "</div>\n  </body>\n</html>"
    )
    return "\n".join(out)


def h_table(f: dict[str, Any], greeting: str, signoff: Any) -> str:
    rows = []
    for k in KEYS:
        cell = "".join(f"<p style=\"margin:0 0 8px 0\">{E(p)}</p>" for p in paras(f[k]))
        rows.append(f'<tr><th style="text-align:left;vertical-align:top;background:#eef">{E(LABELS[k])}</th>'
                    f'<td style="vertical-align:top">{cell}</td></tr>')
    return ('<html><body><p>' + E(greeting) + '</p><p>Please find our case study below.</p>'
            '<table border="1" cellpadding="4" cellspacing="0" style="border-collapse:collapse">'
            '<thead><tr><th>Question</th><th>Answer</th></tr></thead><tbody>' + "".join(rows) +
            '</tbody></table><p>' + E(signoff[0]) + '<br>' + E(signoff[1]) + '</p><p style="color:#888">' +
            E(signoff[2]) + '</p></body></html>')


# ---------------------------------------------------------------- DOCX layouts

def bold_para(container: Any, text: str | None) -> Any:
    p = container.add_paragraph()
    p.add_run(text).bold = True
    return p


def d_one_cell(d: Any, f: dict[str, Any]) -> None:
    d.add_heading("Libraries Advocacy Network: case study form", 1)
    t = d.add_table(rows=1, cols=1)
    t.style = "Table Grid"
    c = t.cell(0, 0)
    first = True
    for k in KEYS:
        if first:
            c.paragraphs[0].add_run(LABELS[k]).bold = True
            first = False
        else:
            bold_para(c, LABELS[k])
        for p in paras(f[k]):
            c.add_paragraph(p)
        c.add_paragraph("")


def d_nested(d: Any, f: dict[str, Any]) -> None:
    outer = d.add_table(rows=2, cols=1)
    outer.style = "Table Grid"
    top = outer.cell(0, 0)
    top.paragraphs[0].add_run("[LOGO]  Libraries Advocacy Network").bold = True
    top.add_paragraph("Case study submission form 2026")
    bottom = outer.cell(1, 0)
    bottom.paragraphs[0].add_run("Please complete every question.").italic = True
    inner = bottom.add_table(rows=len(KEYS), cols=2)
    inner.style = "Table Grid"
    for i, k in enumerate(KEYS):
        inner.cell(i, 0).paragraphs[0].add_run(LABELS[k]).bold = True
        ac = inner.cell(i, 1)
        ps = paras(f[k])
        if ps:
            ac.paragraphs[0].add_run(ps[0])
        for p in ps[1:]:
            ac.add_paragraph(p)
    bottom.add_paragraph("")


def d_same_cell(d: Any, f: dict[str, Any]) -> None:
    d.add_paragraph("Case study submission").runs[0].bold = True
    t = d.add_table(rows=len(KEYS), cols=1)
    t.style = "Table Grid"
    for i, k in enumerate(KEYS):
        c = t.cell(i, 0)
        ps = paras(f[k])
        p0 = c.paragraphs[0]
        p0.add_run(LABELS[k] + ": ").bold = True
        if ps:
            p0.add_run(ps[0])
        for p in ps[1:]:
            c.add_paragraph(p)


SDT_RUN = (
    '<w:sdt {ns}><w:sdtPr><w:alias w:val="{tag}"/><w:tag w:val="{tag}"/><w:id w:val="{id}"/>{plc}'
    '<w:text/></w:sdtPr><w:sdtContent><w:r>{rpr}<w:t '
    'xml:space="preserve">{txt}</w:t></w:r></w:sdtContent></w:sdt>'
)


def add_sdt_run(p: Any, text: str | None, tag: str, idn: int) -> None:
    plc = ""
    rpr = ""
    if text is None:
        plc, rpr, text = (
            "<w:showingPlcHdr/>",
            '<w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>',
            "Click or tap here to enter text.",
        )
    xml = SDT_RUN.format(ns=nsdecls("w"), tag=tag, id=idn, plc=plc, rpr=rpr, txt=E(text, quote=False))
    p._p.append(parse_xml(xml))


def d_sdt_run(d: Any, f: dict[str, Any]) -> None:
    d.add_heading("Case study form", 1)
    idn = 1000
    for k in KEYS:
        ps = paras(f[k])
        if k in ("summary", "description", "lessons"):
            bold_para(d, LABELS[k])
            for p in ([*ps] if ps else [None]):
                idn += 1
                add_sdt_run(d.add_paragraph(), p, k, idn)
        else:
            p = d.add_paragraph()
            p.add_run(LABELS[k] + ": ").bold = True
            idn += 1
            add_sdt_run(p, ps[0] if ps else None, k, idn)


def d_header_table(d: Any, f: dict[str, Any]) -> None:
    h = d.add_table(rows=2, cols=2)
    h.style = "Table Grid"
    h.cell(0, 0).text = "Reference (office use)"
    h.cell(1, 0).text = "Date received (office use)"
    d.add_paragraph("")
    d.add_paragraph("Libraries Advocacy Network – Case Study Form").runs[0].bold = True
    d.add_paragraph("Please answer each question in the space below it.")
    for k in KEYS:
        bold_para(d, LABELS[k])
        for p in paras(f[k]):
            d.add_paragraph(p)
        d.add_paragraph("")


def d_letter(d: Any, f: dict[str, Any]) -> None:
    d.add_paragraph("Mirefield Library Service\nCentral Library, Market Street\nMirefield MF1 2AB")
    d.add_paragraph("12 February 2026")
    d.add_paragraph("Dear Ms Okafor,")
    d.add_paragraph(
        "Thank you for your letter about the case study call. I am writing to ask whether a project "
        "that is still under way would be eligible, and whether the summary should be 50 words or fewer."
    )
    d.add_paragraph(
        "We would be happy to share our figures on the reading volunteer scheme once the year is complete."
    )
    d.add_paragraph("Yours sincerely,")
    d.add_paragraph("Zsofia Kertész\nStock and Reader Services Manager")


def docx_bytes(builder: Callable[..., Any], f: dict[str, Any]) -> bytes:
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(11)
    cp = d.core_properties
    cp.author, cp.last_modified_by = "Library staff", "Library staff"
    cp.created = cp.modified = datetime(2026, 2, 10, 9, 0, 0)
    cp.revision = 1
    builder(d, f)
    raw = io.BytesIO()
    d.save(raw)
    # rewrite with fixed timestamps for determinism
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 2, 10, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------- email assembly

GREETINGS = ["Hello,", "Dear colleagues,", "Hi there,", "Good afternoon,", "Dear Case Study Team,"]
SIGNOFFS = ["Kind regards,", "Best wishes,", "Many thanks,", "Regards,", "With thanks,"]


def base_msg(i: int, from_name: str | None, from_addr: str, subject: str | None,
             extra: dict[str, str] | None = None) -> EmailMessage:
    m = EmailMessage(policy=SMTP)
    m["From"] = formataddr((from_name, from_addr))
    m["To"] = TO
    m["Subject"] = subject
    m["Date"] = f"Tue, {3 + i % 20:02d} Mar 2026 {9 + i % 8:02d}:{(i * 7) % 60:02d}:00 +0000"
    m["Message-ID"] = f"<ho6-{i:03d}-{RNG.randrange(16**10):010x}@mail.example.net>"
    for k, v in (extra or {}).items():
        m[k] = v
    return m


def sign(f: dict[str, Any]) -> tuple[str, str, str]:
    first = f["name"].split()[0] if f["name"] else "Sam"
    return (
        RNG.choice(SIGNOFFS),
        first,
        f"{f['name']} | {f['job_title']} | {f['organisation']} | 01632 {RNG.randint(100000, 999999)}",
    )


def write(out: Path, i: int, variant: str, m: EmailMessage, fields: dict[str, Any], problems: dict[str, str],
          note: str) -> None:
    stem = f"v{i:03d}-{variant}"
    if m.is_multipart():
        m.set_boundary(f"----=_ho6_{i:03d}_boundary")
    (out / f"{stem}.eml").write_bytes(m.as_bytes())
    truth = {"id": f"v{i:03d}", "variant": variant,
             "fields": {k: fields.get(k) for k in KEYS}, "problem_codes": problems, "note": note}
    (out / f"{stem}.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


HTML_BUILDERS = {
    "owa_html": (
        h_owa,
        "Outlook on the web HTML-only: div.elementToProof, span 11pt, <br> between label and answer",
    ),
    "apple_html": (
        h_apple,
        "Apple Mail HTML-only: <div> per line, <b> labels, quoted call in blockquote type=cite",
    ),
    "yahoo_html": (h_yahoo, "Yahoo/AOL HTML-only: div dir=ltr, <strong> labels, <br><br> paragraphs"),
    "thunderbird_html": (
        h_thunderbird,
        "Thunderbird HTML-only: <p> with <b> labels, inline for short answers",
    ),
    "html_table": (h_table, "HTML-only form as <table> with <th> labels and <td> answers"),
}
DOCX_BUILDERS = {
    "docx_one_cell": (d_one_cell, "whole form inside one big table cell"),
    "docx_nested_layout": (d_nested, "2x1 layout table, form table nested in the second row"),
    "docx_same_cell": (d_same_cell, "label and answer in the same cell ('Your name: ...')"),
    "docx_sdt_run": (d_sdt_run, "run-level content controls inside normal paragraphs"),
    "docx_header_table": (d_header_table, "office-use Reference/Date received table before the questions"),
}


def html_case(out: Path, i: int, variant: str, f: dict[str, Any], problems: dict[str, str] | None = None,
              note_extra: str = "") -> None:
    builder, note = HTML_BUILDERS[variant]
    s = sign(f)
    body = builder(f, RNG.choice(GREETINGS), s)
    m = base_msg(
        i,
        f["name"],
        f["email"]
        if "@" in f["email"] and "." in f["email"].split("@")[1]
        else "amy.jones@library.example.org",
        f"Case study submission: {f['title'] or 'our project'}",
    )
    m.set_content(body, subtype="html", cte="quoted-printable")
    write(out, i, variant, m, f, problems or {}, note + note_extra)


def docx_case(out: Path, i: int, variant: str, f: dict[str, Any],
              problems: dict[str, str] | None = None) -> None:
    builder, note = DOCX_BUILDERS[variant]
    s = sign(f)
    m = base_msg(i, f["name"], f["email"], "Case study for the advocacy call")
    m.set_content(
        f"{RNG.choice(GREETINGS)}\n\nPlease find our case study form "
        f"attached.\n\n{s[0]}\n{s[1]}\n\n--\n{s[2]}\n"
    )
    m.add_attachment(docx_bytes(builder, f), maintype="application",
                     subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                     filename=f"Case study form - {f['organisation']}.docx")
    write(out, i, variant, m, f, problems or {}, f"Word .docx attachment: {note}")


def text_form(f: dict[str, Any], prefix: str = "") -> str:
    lines = []
    for k in KEYS:
        lines.append(f"{prefix}{LABELS[k]}:")
        for j, p in enumerate(paras(f[k])):
            if j:
                lines.append(prefix.rstrip())
            lines.append(prefix + p)
        lines.append(prefix.rstrip())
    return "\n".join(lines)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for p in out.glob("v*.*"):
        p.unlink()
    i = 0
    n = 0
    for variant in HTML_BUILDERS:
        for _ in range(4):
            i += 1
            html_case(out, i, variant, make_fields(n))
            n += 1
    for variant in DOCX_BUILDERS:
        for _ in range(3):
            i += 1
            docx_case(out, i, variant, make_fields(n))
            n += 1

    # resubmissions
    for variant_html in (False, True):
        i += 1
        f = make_fields(n)
        n += 1
        old = copy.deepcopy(f)
        old["summary"] = (
            old["summary"]
            + " "
            + " ".join(["It also helped many residents who had never used a library."] * 3)
        )
        old["title"] = "Draft title"
        s = sign(f)
        m = base_msg(i, f["name"], f["email"], "Re: Your case study [CS-2026-0042]",
                     {"In-Reply-To": "<ack-CS-2026-0042@librariesadvocacy.org.uk>"})
        intro = "Hello,\n\nHere is the corrected version, with the summary cut down to size as requested.\n"
        quoted = (
            "On Mon, 2 Mar 2026 at 10:02, Libraries Advocacy Network <casestudies@librariesadvocacy.org.uk> "
            "wrote:\n"
            "> Thank you for your case study, reference CS-2026-0042.\n> Your summary is over the 50-word "
            "limit.\n"
            "> Please reply with a corrected version of the whole form.\n>\n> Your submission as "
            "received:\n>\n"
            + text_form(old, "> ")
        )
        if not variant_html:
            m.set_content(f"{intro}\n{text_form(f)}\n{s[0]}\n{s[1]}\n\n{quoted}\n")
            note = ("resubmission: plain-text reply with corrected full form above a quoted acknowledgement "
                    "containing the old form")
            var = "resubmit_text"
        else:
            b = h_thunderbird(f, "Hello,", s).replace(
                "<p>Hello,</p>", "<p>Hello,</p><p>Here is the corrected version.</p>"
            )
            b = b.replace(
                "</body>",
                '<div class="moz-cite-prefix">On 02/03/2026 10:02, Libraries Advocacy Network wrote:</div>'
                '<blockquote type="cite"><p>Thank you for your case study, reference CS-2026-0042. Your '
                'summary is over the '
                "limit; please send a corrected version.</p><p><b>Suggested title for case study:</b> Draft "
                "title</p>"
                "<p><b>Summary of case study (max 50 words)</b></p><p>"
                + E(old["summary"])
                + "</p></blockquote></body>",
            )
            m.set_content(b, subtype="html", cte="quoted-printable")
            note = ("resubmission: HTML reply 'Here is the corrected version' above a quoted acknowledgement "
                    "with old title/summary")
            var = "resubmit_html"
        write(out, i, var, m, f, {}, note)

    # problems
    i += 1
    f = make_fields(n)
    n += 1
    f["title"] = None
    f["_drop_title"] = True
    html_case(out, i, "owa_html", f, {"title": "missing"}, "; title question left out entirely")
    i += 1
    f = make_fields(n)
    n += 1
    words: list[str] = []
    while len(words) < 130:
        words += LESSON_S[len(words) % 10 and RNG.randrange(10)].split()
    f["lessons"] = " ".join(words[:128]) + " with partners."
    assert len(f["lessons"].split()) == 130
    html_case(out, i, "apple_html", f, {"lessons": "over_word_limit"}, "; lessons 130 words")
    i += 1
    f = make_fields(n)
    n += 1
    f["email"] = "amy.jones@library"
    html_case(
        out,
        i,
        "thunderbird_html",
        f,
        {"email": "invalid"},
        "; invalid email amy.jones@library (sender address differs)",
    )

    null = {k: None for k in KEYS}
    # non-submissions
    i += 1
    m = base_msg(i, "Peter Ashdown", "p.ashdown@calderbrook.gov.uk", "Unsubscribe")
    m.set_content(
        "Hi,\n\nPlease remove me from your list. I have retired and no longer work for the library "
        "service.\n\n"
        "Thanks,\nPeter Ashdown\nFormerly Library Service Manager, Calderbrook\n"
    )
    write(out, i, "nonsub_remove", m, null, {}, "not a submission: a 'please remove me from your list' note")
    i += 1
    m = base_msg(i, "Mairi Sutherland", "mairi.sutherland@strathorran.gov.scot",
                 "Automatic reply: Call for case studies 2026",
                 {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"})
    m.set_content(
        '<html><body><div class="elementToProof"><span style="font-size:11pt">I am out of the office until '
        'Monday 16 March with limited access to email.</span></div><div class="elementToProof"><br></div>'
        '<div class="elementToProof"><span style="font-size:11pt">For anything urgent about the Libraries '
        "Strategy, your name, job title and email address will be passed to my colleague Ewan Reid "
        '(ewan.reid@strathorran.gov.scot).</span></div><div class="elementToProof"><br></div>'
        '<div class="elementToProof"><span style="font-size:11pt">Mairi Sutherland<br>Libraries Strategy '
        "Manager</span></div></body></html>",
        subtype="html",
    )
    write(
        out,
        i,
        "nonsub_ooo_html",
        m,
        null,
        {},
        "not a submission: HTML out-of-office with Auto-Submitted: auto-replied",
    )
    i += 1
    m = base_msg(i, "Zsofia Kertész", "zsofia.kertesz@mirefield.gov.uk", "Question about the case study call")
    m.set_content(
        "Dear Case Study Team,\n\nBefore we send our form, could you look at the attached letter? It sets "
        "out "
        "a question about eligibility for projects still in progress.\n\nMany thanks,\nZsofia\n"
    )
    m.add_attachment(docx_bytes(d_letter, {}), maintype="application",
                     subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                     filename="Letter to LAN re eligibility.docx")
    write(
        out,
        i,
        "nonsub_letter_docx",
        m,
        null,
        {},
        "not a submission: question with a Word attachment that is a letter, not the form",
    )
    print(f"wrote {i} cases to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/heldout6"))
