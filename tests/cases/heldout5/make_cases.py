"""Held-out set 5: independent synthetic intake emails (seeded, deterministic).

    python -m tests.cases.heldout5.make_cases [OUT_DIR]   # default /tmp/heldout5

Writes vNNN-VARIANT.eml + vNNN-VARIANT.json in the shape of the visible corpus.
"""
from __future__ import annotations

import base64
import io
import json
import quopri
import random
import sys
from datetime import UTC, datetime, timedelta
from email.header import Header
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

import docx

SEED = 5505
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
INBOX = "casestudies@librariesadvocacy.org.uk"

PEOPLE = [
    (
        "Siân Pritchard",
        "Principal Librarian, Community Engagement",
        "sian.pritchard@ceredigion.gov.uk",
        "Ceredigion Library Service",
        "ceredigion.gov.uk",
    ),
    (
        "Dónal Ó Súilleabháin",
        "Reader Development Officer",
        "donal.osuilleabhain@lewisham.gov.uk",
        "Lewisham Libraries",
        "lewisham.gov.uk",
    ),
    (
        "Zoë Hartley-Brandt",
        "Service Manager – Libraries and Archives",
        "zoe.hartley-brandt@rutland.gov.uk",
        "Rutland County Council Libraries",
        "rutland.gov.uk",
    ),
    (
        "Marcus Oyelaran",
        "Digital Inclusion Lead",
        "marcus.oyelaran@sandwell.gov.uk",
        "Sandwell Libraries and Information Service",
        "sandwell.gov.uk",
    ),
    (
        "Bethan Llewellyn-Price",
        "Area Libraries Manager (North)",
        "b.llewellyn-price@powys.gov.uk",
        "Powys Libraries",
        "powys.gov.uk",
    ),
    (
        "Aoife Ní Bhriain",
        "Young People's Services Librarian",
        "aoife.nibhriain@islington.gov.uk",
        "Islington Library and Heritage Services",
        "islington.gov.uk",
    ),
    (
        "Gregor MacKinnon",
        "Libraries and Culture Co-ordinator",
        "gregor.mackinnon@highlifehighland.com",
        "High Life Highland Libraries",
        "highlifehighland.com",
    ),
    (
        "Priyanka Raghunathan",
        "Head of Libraries",
        "priyanka.raghunathan@slough.gov.uk",
        "Slough Borough Council",
        "slough.gov.uk",
    ),
    (
        "Tomasz Wójcik",
        "Library Development Officer",
        "tomasz.wojcik@peterborough.gov.uk",
        "Peterborough Libraries (Vivacity)",
        "peterborough.gov.uk",
    ),
    (
        "Hélène Dubois-Carter",
        "Outreach Librarian",
        "helene.duboiscarter@torbay.gov.uk",
        "Torbay Library Services",
        "torbay.gov.uk",
    ),
    (
        "Kwame Asante",
        "Library Services Manager",
        "kwame.asante@thurrock.gov.uk",
        "Thurrock Council Libraries",
        "thurrock.gov.uk",
    ),
    (
        "Ffion Jenkins",
        "Senior Librarian – Health and Wellbeing",
        "ffion.jenkins@bridgend.gov.uk",
        "Awen Libraries, Bridgend",
        "bridgend.gov.uk",
    ),
]

PROJECTS = [
    dict(
        title="Seed libraries: growing community gardens from the branch shelf",
        topic="seed library",
        partner="the county allotment federation",
        n=1140,
        money="£6,200",
        sites=7,
        what="lend packets of vegetable and flower seeds, run potting sessions and host swap days",
    ),
    dict(
        title="Tablets on prescription: loaning devices through GP surgeries",
        topic="device loan scheme",
        partner="the primary care network",
        n=412,
        money="£48,500",
        sites=5,
        what="lend data-enabled tablets to patients referred by social prescribers and teach them to use NHS "
             "services online",
    ),
    dict(
        title="Warm Welcome Wednesdays: keeping residents safe and connected in winter",
        topic="warm spaces programme",
        partner="the local Age UK branch",
        n=3275,
        money="£21,000",
        sites=11,
        what="open every branch late on Wednesdays with hot drinks, energy advice and a friendly face",
    ),
    dict(
        title="Chatter Matters: early language sessions for under-twos",
        topic="early language programme",
        partner="the health visiting team",
        n=860,
        money="£15,750",
        sites=9,
        what="run short rhyme and talk sessions designed with speech and language therapists",
    ),
    dict(
        title="Libraries of Things: borrowing a drill instead of buying one",
        topic="library of things",
        partner="the council's waste reduction team",
        n=2090,
        money="£12,400",
        sites=3,
        what="lend household tools, sewing machines and camping kit at low cost",
    ),
    dict(
        title="Job Club Plus: employment support in the heart of the high street",
        topic="job club",
        partner="the local Jobcentre Plus office",
        n=645,
        money="£33,900",
        sites=4,
        what="host weekly job clubs with work coaches, CV help and free printing",
    ),
    dict(
        title="Memory Boxes: reminiscence resources for care homes",
        topic="reminiscence service",
        partner="the dementia action alliance",
        n=38,
        money="£9,300",
        sites=38,
        what="deliver themed boxes of objects, photographs and music to care homes each month",
    ),
    dict(
        title="Code Club in the Stacks: teenagers teaching teenagers",
        topic="coding club",
        partner="two local secondary schools",
        n=290,
        money="£7,800",
        sites=6,
        what="train sixth-form volunteers to run Scratch and Python clubs for younger pupils",
    ),
    dict(
        title="Homework help without the kitchen table",
        topic="homework club",
        partner="the virtual school for looked-after children",
        n=515,
        money="£18,250",
        sites=8,
        what="offer supervised quiet study, laptops and volunteer tutors after school",
    ),
    dict(
        title="Stories from the Shipyards: a community archive online",
        topic="community archive",
        partner="the maritime heritage trust",
        n=4200,
        money="£27,000",
        sites=2,
        what="digitise photographs and oral histories contributed by former shipyard workers",
    ),
]


def words(text: str) -> int:
    return len(text.split())


def build_answers(rng: random.Random, i: int) -> dict[str, Any]:
    person = PEOPLE[i % len(PEOPLE)]
    proj = PROJECTS[(i * 3 + 1) % len(PROJECTS)]
    name, job, email, org, dom = person
    summary = (
        f"Our {proj['topic']} worked with {proj['partner']} to {proj['what']}. "
        f"Across {proj['sites']} sites we reached {proj['n']:,} people with {proj['money']} of funding."
    )
    assert words(summary) <= 50, summary
    paras = [
        f"The idea for the {proj['topic']} came from a conversation at a staff away-day in {2021 + i % 3}. "
        f"Colleagues on the front desk kept hearing the same requests, and we realised that the library was "
        f"already trusted by the people we most wanted to reach.",
        f"We approached {proj['partner']} with a short proposal and a budget of {proj['money']}. "
        f"They agreed to share referrals and to co-deliver the first sessions, and we used our own "
        f"staff time to {proj['what']}.",
        f"In the first twelve months we ran the {proj['topic']} at {proj['sites']} sites and reached "
        f"{proj['n']:,} people. Feedback forms showed that most had not used the library in the previous "
        f"year, "
        f"and {rng.randint(55, 91)}% said they would come back for other services.",
        "There were setbacks. A key member of staff left in month four, the booking system could not cope "
        "with "
        "repeat appointments, and two sites had to close temporarily for building works. We simplified "
        "booking to a paper list at the counter and moved sessions to neighbouring branches.",
        "The work is now part of our core offer and features in the council's corporate plan. "
        "Elected members have visited every site, and the portfolio holder has described it as "
        "\u201cthe best value for money in the whole directorate\u201d.",
    ]
    rng.shuffle(paras[2:4])
    description = "\n\n".join(paras[: 3 + i % 3])
    lessons = ("Start with a partner who already knows the audience. Keep the booking process as simple "
               "as possible. Collect stories as well as numbers, because councillors remember people.")
    return {"name": name, "job_title": job, "email": email, "organisation": org, "title": proj["title"],
            "summary": summary, "description": description, "lessons": lessons, "_domain": dom,
            "_proj": proj}


def clean(ans: dict[str, Any]) -> dict[str, Any]:
    return {k: ans[k] for k in KEYS}


# ---------------------------------------------------------------- MIME helpers
def qp(text: str, charset: str) -> str:
    return (
        quopri.encodestring(text.replace("\n", "\r\n").encode(charset, "xmlcharrefreplace"))
        .decode("ascii")
        .replace("\r\n", "\n")
    )


def b64(data: bytes) -> str:
    s = base64.b64encode(data).decode("ascii")
    return "\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def hdr_addr(name: str, addr: str) -> str:
    try:
        name.encode("ascii")
        return f'"{name}" <{addr}>' if "," in name else f"{name} <{addr}>"
    except UnicodeEncodeError:
        return f"{Header(name, 'utf-8').encode()} <{addr}>"


def hdr_subj(s: str) -> str:
    try:
        s.encode("ascii")
        return s
    except UnicodeEncodeError:
        return Header(s, "utf-8").encode()


def date_for(i: int) -> str:
    d = datetime(2025, 4, 1, 9, 0, tzinfo=UTC) + timedelta(hours=7 * i + 3, minutes=13 * i)
    return format_datetime(d)


def headers(i: int, from_name: str, from_addr: str, subject: str, extra: str = "", to: str = INBOX,
            msgdom: str = "mail.example.net") -> str:
    return (f"From: {hdr_addr(from_name, from_addr)}\nTo: {to}\nSubject: {hdr_subj(subject)}\n"
            f"Date: {date_for(i)}\nMessage-ID: <h5.{i:03d}.{SEED}@{msgdom}>\n{extra}MIME-Version: 1.0\n")


def part_text(text: str, charset: str = "utf-8", subtype: str = "plain",
              cte: str = "quoted-printable") -> str:
    if cte == "quoted-printable":
        body = qp(text, charset)
    elif cte == "8bit":
        body = text
    else:
        body = b64(text.encode(charset))
    return f"Content-Type: text/{subtype}; charset={charset}\nContent-Transfer-Encoding: {cte}\n\n{body}\n"


def part_attach(data: bytes, filename: str, ctype: str) -> str:
    return (
        f'Content-Type: {ctype}; name="{filename}"\nContent-Disposition: attachment; filename="{filename}"\n'
        f"Content-Transfer-Encoding: base64\n\n{b64(data)}\n"
    )


def multipart(subtype: str, parts: list[str], boundary: str) -> str:
    out = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\n\n'
    for p in parts:
        out += f"--{boundary}\n{p}\n"
    return out + f"--{boundary}--\n"


DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# ---------------------------------------------------------------- body styles
def greeting(rng: random.Random) -> str:
    return rng.choice(["Hello,", "Dear colleagues,", "Hi there,", "Good morning,"])


def signoff(ans: dict[str, Any], rng: random.Random) -> str:
    first = ans["name"].split()[0]
    return (
        f"{rng.choice(['Kind regards,', 'Best wishes,', 'Many thanks,'])}\n\n{first}\n\n"
        f"{ans['name']}\n{ans['job_title'] or ''}\n{ans['organisation'] or ''}\nTel: "
        f"01{rng.randint(200, 999)} {rng.randint(100000, 999999)}\n\n"
        "This email and any attachments are confidential. If you have received it in error please notify the "
        "sender and delete it."
    )


def form_text(ans: dict[str, Any], labels: dict[str, str] = LABELS, sep: str = "lines",
              keys: list[str] = KEYS) -> str:
    out = []
    for k in keys:
        v = ans.get(k)
        lab = labels[k]
        if sep == "lines":
            out.append(f"{lab}\n{v or ''}".rstrip())
        elif sep == "caps":
            out.append(f"{lab.upper()}:\n{v or ''}".rstrip())
        elif sep == "colon":
            out.append(f"{lab}: {v or ''}".rstrip())
    return "\n\n".join(out)


def text_to_html_paras(text: str) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))


# ---------------------------------------------------------------- docx
def make_docx(ans: dict[str, Any], layout: str = "table2", labels: dict[str, str] = LABELS,
              keys: list[str] = KEYS,
              heading: bool = True, seed: int = 0) -> bytes:
    d = docx.Document()
    d.core_properties.author = "Intake Template"
    d.core_properties.created = datetime(2025, 1, 20, 10, 0, 0)
    d.core_properties.modified = datetime(2025, 1, 20, 10, 0, 0)
    d.core_properties.revision = 1
    if heading:
        d.add_heading("Libraries Advocacy Network – Case study submission form", level=1)
        d.add_paragraph("Please complete all sections and return the form to " + INBOX + ".")
    if layout in ("table2", "qnum"):
        t = d.add_table(rows=0, cols=2)
        t.style = "Table Grid"
        for n, k in enumerate(keys, 1):
            row = t.add_row().cells
            lab = labels[k]
            if layout == "qnum":
                lab = f"Q{n}. {lab}"
            row[0].paragraphs[0].add_run(lab).bold = True
            v = ans.get(k)
            paras = (v or "").split("\n\n")
            row[1].paragraphs[0].add_run(paras[0])
            for p in paras[1:]:
                row[1].add_paragraph(p)
    else:  # bold paragraphs
        for k in keys:
            p = d.add_paragraph()
            p.add_run(labels[k]).bold = True
            v = ans.get(k)
            for para in (v or "").split("\n\n"):
                d.add_paragraph(para)
    buf = io.BytesIO()
    d.save(buf)
    return _fix_zip_times(buf.getvalue())


def _fix_zip_times(data: bytes) -> bytes:
    import zipfile
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 20, 10, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()


def make_pdf(lines: list[str]) -> bytes:
    content = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(
        "(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
        for ln in lines) + " ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 "
        "R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offs = []
    for n, o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{n} 0 obj\n{o}\nendobj\n".encode("latin-1")
    x = len(out)
    out += f"xref\n0 {len(objs)+1}\n0000000000 65535 f \n".encode()
    for off in offs:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs)+1} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n".encode()
    return out


def fake_jpeg(rng: random.Random, n: int = 3000) -> bytes:
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + bytes(rng.randrange(256) for _ in range(n))
        + b"\xff\xd9"
    )


# ---------------------------------------------------------------- Outlook / Gmail HTML
OUTLOOK_HEAD = (
    '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w="urn:schemas-microsoft-com:office:word" '
    'xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">\n'
    """<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!--
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{margin:0cm;
	font-size:11.0pt;
	font-family:"Calibri",sans-serif;}
table.MsoTableGrid
	{mso-style-name:"Table Grid";
	border:solid windowtext 1.0pt;
	font-size:11.0pt;
	font-family:"Calibri",sans-serif;}
--></style>
</head>
<body lang=EN-GB link="#0563C1" vlink="#954F72" style='word-wrap:break-word'>
<div class=WordSection1>
"""
)


def mso_p(text: str, bold: bool = False) -> str:
    t = escape(text, quote=False)
    if bold:
        t = f"<b>{t}<o:p></o:p></b>"
    else:
        t = f"{t}<o:p></o:p>"
    return f"<p class=MsoNormal>{t}</p>\n"


MSO_BLANK = "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n"


def outlook_table_html(ans: dict[str, Any], intro: str, sign: str, labels: dict[str, str] = LABELS) -> str:
    h = OUTLOOK_HEAD + "".join(mso_p(ln) if ln else MSO_BLANK for ln in intro.split("\n"))
    h += MSO_BLANK
    h += ("<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 "
          "style='border-collapse:collapse;border:none'>\n")
    for k in KEYS:
        h += ("<tr>\n<td width=208 valign=top style='width:155.8pt;border:solid windowtext 1.0pt;padding:0cm "
              "5.4pt 0cm 5.4pt'>\n")
        h += mso_p(labels[k], bold=True) + "</td>\n"
        h += ("<td width=393 valign=top style='width:294.7pt;border:solid windowtext "
              "1.0pt;border-left:none;padding:0cm 5.4pt 0cm 5.4pt'>\n")
        v = ans.get(k)
        if not v:
            h += MSO_BLANK
        else:
            ps = v.split("\n\n")
            for j, p in enumerate(ps):
                h += mso_p(p)
                if j < len(ps) - 1:
                    h += MSO_BLANK
        h += "</td>\n</tr>\n"
    h += "</table>\n" + MSO_BLANK
    h += "".join(mso_p(ln) if ln else MSO_BLANK for ln in sign.split("\n"))
    return h + "</div>\n</body>\n</html>\n"


def outlook_table_plain(ans: dict[str, Any], intro: str, sign: str, labels: dict[str, str] = LABELS) -> str:
    rows = []
    for k in KEYS:
        v = ans.get(k) or ""
        rows.append(f"{labels[k]}\n\n{v}\n")
    return intro + "\n\n" + "\n".join(rows) + "\n" + sign


def gmail_word_html(ans: dict[str, Any], intro: str, sign: str, rng: random.Random,
                    labels: dict[str, str] = LABELS) -> str:
    sty = 'style="margin:0cm;font-size:11pt;font-family:Calibri,sans-serif"'
    span = '<span style="font-size:12pt;font-family:Arial,sans-serif;color:black">'

    def split_span(t: str) -> str:
        # Word paste often fragments runs
        if len(t) > 30 and rng.random() < 0.6:
            cut = rng.randint(5, len(t) - 5)
            return f"{span}{escape(t[:cut])}</span>{span}{escape(t[cut:])}</span>"
        return f"{span}{escape(t)}</span>"
    h = '<div dir="ltr">' + "".join(f"<div>{escape(ln) if ln else '<br>'}</div>" for ln in intro.split("\n"))
    h += "<div><br></div>"
    for k in KEYS:
        h += f'<p class="MsoNormal" {sty}><b>{split_span(labels[k])}</b><u></u><u></u></p>'
        v = ans.get(k)
        for p in (v or "").split("\n\n"):
            if p:
                h += f'<p class="MsoNormal" {sty}>{split_span(p)}<u></u><u></u></p>'
        h += f'<p class="MsoNormal" {sty}>{span}&nbsp;</span><u></u><u></u></p>'
    h += "<div><br></div>" + "".join(f"<div>{escape(ln) if ln else '<br>'}</div>" for ln in sign.split("\n"))
    return h + "</div>\n"


def gmail_word_plain(ans: dict[str, Any], intro: str, sign: str, labels: dict[str, str] = LABELS) -> str:
    out = [intro, ""]
    for k in KEYS:
        out.append(f"*{labels[k]}*")
        v = ans.get(k)
        for p in (v or "").split("\n\n"):
            if p:
                out.append(p)
        out.append("")
    return "\n".join(out) + "\n" + sign


# ---------------------------------------------------------------- case builders
class Ctx:
    def __init__(self) -> None:
        self.cases: list[Any] = []

    def add(self, variant: str, eml: Any, fields: dict[str, Any], problems: dict[str, str] | None = None,
            note: str = "") -> None:
        self.cases.append((variant, eml, fields, problems or {}, note))


def simple_text_email(i: int, ans: dict[str, Any], body: str, subject: str | None = None,
                      charset: str = "utf-8", cte: str = "quoted-printable") -> str:
    subject = subject or f"Case study submission – {ans['organisation'] or ans['name']}"
    return headers(
        i,
        ans["name"],
        ans["email"] if "@@" not in (ans["email"] or "") else f"x{i}@{ans['_domain']}",
        subject,
    ) + part_text(body, charset, cte=cte)


def docx_email(i: int, ans: dict[str, Any], body: str, attachments: list[Any], subject: str | None = None,
               sender: Any = None) -> str:
    subject = subject or f"Libraries case study – {ans['organisation']}"
    sname, saddr = sender or (ans["name"], ans["email"])
    alt = multipart(
        "alternative",
        [
            part_text(body),
            part_text(
                text_to_html_paras(escape(body)).replace("&lt;", "<")
                if False
                else '<div dir="ltr">'
                + "".join(f"<div>{escape(ln) if ln else '<br>'}</div>" for ln in body.split("\n"))
                + "</div>",
                subtype="html",
            ),
        ],
        f"alt{i:03d}{SEED}",
    )
    parts = [alt] + attachments
    return headers(i, sname, saddr, subject) + multipart("mixed", parts, f"mix{i:03d}{SEED}")


def nulls() -> dict[str, str | None]:
    return {k: None for k in KEYS}


def generate(out: Path) -> int:
    rng = random.Random(SEED)
    ctx = Ctx()
    i = 0

    def nxt() -> int:
        nonlocal i
        i += 1
        return i

    # 1. Word table pasted into Outlook HTML (windows-1252)
    for _ in range(3):
        n = nxt()
        a = build_answers(rng, n)
        intro = (
            f"{greeting(rng)}\n\nI\u2019ve filled in the form below \u2013 hope the table comes through OK."
        )
        sign = signoff(a, rng)
        html = outlook_table_html(a, intro, sign)
        plain = outlook_table_plain(a, intro, sign)
        body = multipart(
            "alternative",
            [part_text(plain, "windows-1252"), part_text(html, "windows-1252", "html")],
            f"_000_h5{n:03d}_",
        )
        eml = (
            headers(
                n,
                a["name"],
                a["email"],
                f"Case study \u2013 {a['title']}",
                "Thread-Topic: case study\nContent-Language: en-GB\n",
                msgdom="EUR03.prod.outlook.com",
            )
            + body
        )
        ctx.add(
            "outlook_word_table",
            eml,
            clean(a),
            note="Word table (MsoTableGrid, MsoNormal cells) pasted into Outlook; windows-1252 QP",
        )

    # 2. Form pasted from Word into Gmail
    for _ in range(3):
        n = nxt()
        a = build_answers(rng, n)
        intro = f"{greeting(rng)}\n\nPasting our case study form below, copied from the Word version."
        sign = signoff(a, rng)
        body = multipart(
            "alternative",
            [
                part_text(gmail_word_plain(a, intro, sign)),
                part_text(gmail_word_html(a, intro, sign, rng), subtype="html"),
            ],
            f"0000000000h5{n:03d}",
        )
        eml = (
            headers(n, a["name"], a["email"], "Case study for the advocacy toolkit", msgdom="mail.gmail.com")
            + body
        )
        ctx.add(
            "gmail_word_paste",
            eml,
            clean(a),
            note="Word form pasted into Gmail: MsoNormal paragraphs with fragmented spans inside gmail divs; "
                 "plain part uses *bold* labels",
        )

    # 3. Several attachments: photos, PDF leaflet, docx form
    for _ in range(3):
        n = nxt()
        a = build_answers(rng, n)
        body = (
            f"{greeting(rng)}\n\nPlease find attached our completed case study form, plus a few photos from "
            f"the sessions "
            f"and the leaflet we gave out to residents. Happy for you to use the photos.\n\n{signoff(a, rng)}"
        )
        p = a["_proj"]
        pdf = make_pdf(
            [
                p["title"],
                f"Join us at any of our {p['sites']} libraries.",
                "Free, friendly, no booking needed.",
                f"Run with {p['partner']}.",
                "Ask at the counter for details.",
            ]
        )
        atts = [part_attach(fake_jpeg(rng), f"IMG_20{n:02d}1.jpg", "image/jpeg"),
                part_attach(fake_jpeg(rng), f"IMG_20{n:02d}2.jpg", "image/jpeg"),
                part_attach(pdf, "Leaflet - final print.pdf", "application/pdf")]
        atts.insert(
            rng.randint(0, 3),
            part_attach(make_docx(a), f"Case study form - {a['_domain'].split('.')[0]}.docx", DOCX_CT),
        )
        ctx.add(
            "multi_attach",
            docx_email(n, a, body, atts),
            clean(a),
            note="two image/jpeg photos, a PDF leaflet and the .docx form attached; the form is the "
                 "submission",
        )

    # 4. Same form attached twice (.docx and identical ...v2.docx)
    for _ in range(2):
        n = nxt()
        a = build_answers(rng, n)
        d = make_docx(a, layout="table2" if n % 2 else "bold")
        base = f"LAN case study {a['_domain'].split('.')[0]}"
        body = (f"{greeting(rng)}\n\nOur case study is attached. Apologies, I think I have attached it "
                f"twice.\n\n{signoff(a, rng)}")
        atts = [part_attach(d, f"{base}.docx", DOCX_CT), part_attach(d, f"{base} v2.docx", DOCX_CT)]
        ctx.add(
            "docx_twice",
            docx_email(n, a, body, atts),
            clean(a),
            note="identical .docx attached twice ('... v2.docx')",
        )

    # 5. Forward of a forward, form at the bottom (plain text)
    for _ in range(3):
        n = nxt()
        a = build_answers(rng, n)
        mid = ("Rosalind Achterberg", f"r.achterberg@{a['_domain']}")
        top = ("Callum Threlfall", f"callum.threlfall@{a['_domain']}")
        form = form_text(a)
        inner = (
            f"Hi Rosalind,\n\nHere is my case study for the advocacy call \u2013 could you send it "
            f"on?\n\n{form}\n\n"
            f"Thanks,\n{a['name'].split()[0]}"
        )
        fwd1 = (
            f"---------- Forwarded message ---------\nFrom: {a['name']} <{a['email']}>\nDate: Mon, 7 Apr "
            f"2025 at 09:{10 + n}\n"
            f"Subject: Case study draft\nTo: {mid[0]} <{mid[1]}>\n\n\n{inner}"
        )
        fwd2 = (
            f"---------- Forwarded message ---------\nFrom: {mid[0]} <{mid[1]}>\nDate: Tue, 8 Apr 2025 at "
            f"14:{10 + n}\n"
            f"Subject: Fwd: Case study draft\nTo: {top[0]} <{top[1]}>\n\n\nCallum - this needs to go to the "
            f"association, can you forward?\n\nRos\n\n{fwd1}"
        )
        body = (f"Hello,\n\nForwarding this on behalf of our team - see the form at the "
                f"bottom.\n\nCallum\n\n{fwd2}\n")
        eml = headers(n, top[0], top[1], "Fwd: Fwd: Case study draft") + part_text(body)
        ctx.add(
            "forward_forward",
            eml,
            clean(a),
            note="forward of a forward (two Forwarded message blocks); form typed in the innermost message",
        )

    # 6. Reply 'updated version attached' with docx; quoted older inline version
    for k in range(2):
        n = nxt()
        a = build_answers(rng, n)
        old = dict(a)
        old["title"] = "DRAFT - " + a["title"].split(":")[0]
        old["summary"] = "Draft summary to follow."
        old["lessons"] = "TBC"
        if k == 0:
            quoted = "\n".join(
                "> " + ln if ln else ">"
                for ln in (f"{greeting(rng)}\n\nHere is a first draft.\n\n{form_text(old)}\n\nThanks").split(
                    "\n"
                )
            )
            body = (f"Hi,\n\nPlease find the updated version attached.\n\nThanks,\n{a['name'].split()[0]}\n\n"
                    f"On Wed, 2 Apr 2025 at 11:05, {a['name']} <{a['email']}> wrote:\n{quoted}\n")
        else:
            body = (
                f"Hi,\n\nPlease find the updated version attached.\n\nThanks,\n{a['name'].split()[0]}\n\n"
                f"________________________________\nFrom: {a['name']} <{a['email']}>\nSent: 02 April 2025 "
                f"11:05\n"
                f"To: {INBOX}\nSubject: Case study submission\n\nHello,\n\nHere is a first "
                f"draft.\n\n{form_text(old)}\n"
            )
        atts = [
            part_attach(
                make_docx(a, layout="bold" if k else "table2"), "Case study form UPDATED.docx", DOCX_CT
            )
        ]
        ctx.add(
            "reply_updated_docx",
            docx_email(n, a, body, atts, subject="RE: Case study submission"),
            clean(a),
            note="reply 'Please find the updated version attached' with docx; quoted older inline draft must "
                 "be ignored",
        )

    # 7. N/A and '-' answers kept as typed
    for k in range(3):
        n = nxt()
        a = build_answers(rng, n)
        if k == 0:
            a["job_title"] = "N/A"
            a["lessons"] = "-"
            eml = simple_text_email(n, a, f"{greeting(rng)}\n\n{form_text(a)}\n\n{signoff(a, rng)}")
        elif k == 1:
            a["job_title"] = "-"
            a["lessons"] = "N/A"
            body = f"{greeting(rng)}\n\nForm attached.\n\n{signoff(a, rng)}"
            eml = docx_email(n, a, body, [part_attach(make_docx(a), "case study.docx", DOCX_CT)])
        else:
            a["lessons"] = "n/a"
            eml = simple_text_email(
                n, a, f"{greeting(rng)}\n\n{form_text(a, sep='colon')}\n\n{signoff(a, rng)}"
            )
        ctx.add("na_answers", eml, clean(a), note="'N/A' / '-' answers kept as typed (submitter's text)")

    # 8. Q1.-Q8. numbered labels in docx table cells
    for k in range(3):
        n = nxt()
        a = build_answers(rng, n)
        body = f"{greeting(rng)}\n\nCompleted form attached.\n\n{signoff(a, rng)}"
        labs = LABELS if k != 2 else NOHINT
        eml = docx_email(
            n, a, body, [part_attach(make_docx(a, layout="qnum", labels=labs), "Q form.docx", DOCX_CT)]
        )
        ctx.add("docx_qnum", eml, clean(a), note="labels numbered 'Q1.'-'Q8.' inside docx table cells")

    # 9. labels without hints
    for k in range(3):
        n = nxt()
        a = build_answers(rng, n)
        if k == 0:
            eml = simple_text_email(
                n, a, f"{greeting(rng)}\n\n{form_text(a, labels=NOHINT)}\n\n{signoff(a, rng)}"
            )
        elif k == 1:
            eml = docx_email(n, a, f"{greeting(rng)}\n\nAttached.\n\n{signoff(a, rng)}",
                             [part_attach(make_docx(a, layout="bold", labels=NOHINT), "form.docx", DOCX_CT)])
        else:
            eml = simple_text_email(
                n, a, f"{greeting(rng)}\n\n{form_text(a, labels=NOHINT, sep='colon')}\n\n{signoff(a, rng)}"
            )
        ctx.add("labels_no_hints", eml, clean(a), note="labels without the word-count hints")

    # 10. lessons as numbered list
    for k in range(3):
        n = nxt()
        a = build_answers(rng, n)
        a["lessons"] = (
            "1. Involve frontline staff from the very start.\n\n2. Agree what data partners need before "
            "launch."
            "\n\n3. Budget for evaluation, not just delivery.\n\n4. Tell councillors about it early and "
            "often."
        )
        if k == 0:
            eml = simple_text_email(n, a, f"{greeting(rng)}\n\n{form_text(a)}\n\n{signoff(a, rng)}")
        elif k == 1:
            eml = docx_email(n, a, f"{greeting(rng)}\n\nForm attached.\n\n{signoff(a, rng)}",
                             [part_attach(make_docx(a), "case study - numbered.docx", DOCX_CT)])
        else:
            intro = f"{greeting(rng)}\n\nOur form is below."
            sign = signoff(a, rng)
            body = multipart(
                "alternative",
                [
                    part_text(gmail_word_plain(a, intro, sign)),
                    part_text(gmail_word_html(a, intro, sign, rng), subtype="html"),
                ],
                f"0000000000h5{n:03d}",
            )
            eml = headers(n, a["name"], a["email"], "Case study", msgdom="mail.gmail.com") + body
        ctx.add("lessons_numbered", eml, clean(a), note="lessons as numbered list, one item per paragraph")

    # 11. non-ASCII names, ISO-8859-1 and UTF-8 bodies
    for _k, (pi, cs, cte) in enumerate([(0, "iso-8859-1", "quoted-printable"), (1, "iso-8859-1", "8bit"),
                                        (2, "utf-8", "base64"), (5, "utf-8", "8bit")]):
        n = nxt()
        a = build_answers(rng, pi)
        a["summary"] = a["summary"].replace("£", "£")  # keep
        body = f"{greeting(rng)}\n\n{form_text(a)}\n\nDiolch / thanks,\n{a['name']}"
        if cte == "8bit":
            raw = headers(n, a["name"], a["email"], f"Case study from {a['name']}") + \
                f"Content-Type: text/plain; charset={cs}\nContent-Transfer-Encoding: 8bit\n\n"
            raw_b = (
                raw.encode("ascii")
                + body.replace("\u2019", "'")
                .replace("\u201c", '"')
                .replace("\u201d", '"')
                .replace("\u2013", "-")
                .encode(cs)
                + b"\n"
            )
            fields = clean(a)
            fields = {
                kk: (
                    v.replace("\u2019", "'")
                    .replace("\u201c", '"')
                    .replace("\u201d", '"')
                    .replace("\u2013", "-")
                    if v
                    else v
                )
                for kk, v in fields.items()
            }
            ctx.add(f"nonascii_{cs.replace('-', '')}", raw_b, fields, note=f"non-ASCII name, {cs} 8bit body")
            continue
        b2 = body
        if cs == "iso-8859-1":
            b2 = (
                body.replace("\u2019", "'")
                .replace("\u201c", '"')
                .replace("\u201d", '"')
                .replace("\u2013", "-")
            )
        eml = headers(n, a["name"], a["email"], f"Case study from {a['name']}") + part_text(b2, cs, cte=cte)
        fields = clean(a)
        if cs == "iso-8859-1":
            fields = {
                kk: (
                    v.replace("\u2019", "'")
                    .replace("\u201c", '"')
                    .replace("\u201d", '"')
                    .replace("\u2013", "-")
                    if v
                    else v
                )
                for kk, v in fields.items()
            }
        ctx.add(f"nonascii_{cs.replace('-', '')}", eml, fields, note=f"non-ASCII name, {cs} {cte} body")

    # 12. CAPITALS: labels, answer on next line
    for k in range(3):
        n = nxt()
        a = build_answers(rng, n)
        labs = LABELS if k != 1 else NOHINT
        eml = simple_text_email(
            n, a, f"{greeting(rng)}\n\n{form_text(a, labels=labs, sep='caps')}\n\n{signoff(a, rng)}"
        )
        ctx.add(
            "text_caps_colon",
            eml,
            clean(a),
            note="labels in CAPITALS followed by a colon, answer on the next line",
        )

    # 13. problems
    n = nxt()
    a = build_answers(rng, n)
    a["organisation"] = None
    eml = simple_text_email(n, a, f"{greeting(rng)}\n\n{form_text(a)}\n\n{signoff(a, rng)}")
    ctx.add(
        "problem_missing_org",
        eml,
        clean(a),
        {"organisation": "missing"},
        "organisation label present, answer blank",
    )
    n = nxt()
    a = build_answers(rng, n)
    a["organisation"] = None
    keys = [k for k in KEYS if k != "organisation"]
    eml = docx_email(n, a, f"{greeting(rng)}\n\nAttached.\n\n{signoff(a, rng)}",
                     [part_attach(make_docx(a, keys=keys), "form.docx", DOCX_CT)], subject="Case study")
    ctx.add(
        "problem_missing_org",
        eml,
        clean(a),
        {"organisation": "missing"},
        "docx with the organisation row removed",
    )
    for k in range(2):
        n = nxt()
        a = build_answers(rng, n)
        extra = (
            " The scheme also strengthened relationships with councillors, gave staff new skills, attracted "
            "local press coverage and created a model that neighbouring authorities have since asked to copy "
            "for their own residents."
        )
        a["summary"] = a["summary"] + extra
        while words(a["summary"]) < 80:
            a["summary"] += " We are very proud of it."
        a["summary"] = " ".join(a["summary"].split()[:80])
        if not a["summary"].endswith("."):
            a["summary"] += "."
        assert words(a["summary"]) == 80
        if k == 0:
            eml = simple_text_email(n, a, f"{greeting(rng)}\n\n{form_text(a)}\n\n{signoff(a, rng)}")
        else:
            eml = docx_email(
                n,
                a,
                f"{greeting(rng)}\n\nAttached.\n\n{signoff(a, rng)}",
                [part_attach(make_docx(a), "form.docx", DOCX_CT)],
            )
        ctx.add("problem_summary_80", eml, clean(a), {"summary": "over_word_limit"}, "summary of 80 words")
    for k in range(2):
        n = nxt()
        a = build_answers(rng, n)
        local = a["email"].split("@")[0]
        a["email"] = f"{local}@@{a['_domain']}"
        if k == 0:
            eml = headers(n, a["name"], f"{local}@{a['_domain']}", "Case study") + part_text(
                f"{greeting(rng)}\n\n{form_text(a)}\n\n{signoff(a, rng)}"
            )
        else:
            intro = greeting(rng)
            sign = signoff(a, rng)
            body = multipart(
                "alternative",
                [
                    part_text(outlook_table_plain(a, intro, sign), "windows-1252"),
                    part_text(outlook_table_html(a, intro, sign), "windows-1252", "html"),
                ],
                f"_000_h5{n:03d}_",
            )
            eml = (
                headers(
                    n, a["name"], f"{local}@{a['_domain']}", "Case study", msgdom="EUR03.prod.outlook.com"
                )
                + body
            )
        ctx.add(
            "problem_invalid_email",
            eml,
            clean(a),
            {"email": "invalid"},
            "email answer 'name@@council.gov.uk', sender address is valid",
        )

    # 14. non-submissions
    n = nxt()
    a = build_answers(rng, n)
    body = (
        f"{greeting(rng)}\n\nCan we submit two case studies? We have a seed library and a job club that "
        f"would both fit.\n"
        f"If so, should we fill in a separate form for each - i.e. a separate Suggested title for case "
        f"study, "
        f"Summary of case study (max 50 words) and Key lessons learned for each one?\n\n{signoff(a, rng)}"
    )
    ctx.add("nonsub_question", simple_text_email(n, a, body, subject="Question: two case studies?"), nulls(),
            note="not a submission: question about submitting two case studies, mentions labels")
    n = nxt()
    a = build_answers(rng, n)
    body = (
        f"Hi,\n\nQuick question about the call. Your name / Job title - do you want the lead officer or the "
        f"person who "
        f"wrote it? And is the deadline still the end of May?\n\nThanks\n{a['name']}"
    )
    ctx.add("nonsub_question", simple_text_email(n, a, body, subject="Re: Call for case studies"), nulls(),
            note="not a submission: question that quotes label words")
    for k in range(2):
        n = nxt()
        a = build_answers(rng, n)
        txt = (
            f"Thank you for your email. I am on annual leave until Monday 28 April with limited access to "
            f"email.\n\n"
            f"For urgent library enquiries please contact "
            f"libraries@{a['_domain']}.\n\n{a['name']}\n{a['organisation']}"
        )
        extra = (
            "Auto-Submitted: auto-generated\nX-Auto-Response-Suppress: All\n"
            if k == 0
            else "X-Auto-Response-Suppress: All\n"
        )
        subj = (
            "Automatic reply: Call for case studies: advocating for your library service"
            if k == 0
            else "Automatic reply: Case study reminder"
        )
        html = (
            OUTLOOK_HEAD
            + "".join(mso_p(ln) if ln else MSO_BLANK for ln in txt.split("\n"))
            + "</div></body></html>\n"
        )
        body = multipart(
            "alternative", [part_text(txt), part_text(html, "windows-1252", "html")], f"_000_ar{n:03d}_"
        )
        eml = headers(n, a["name"], a["email"], subj, extra, msgdom="EUR03.prod.outlook.com") + body
        ctx.add(
            "nonsub_autoreply",
            eml,
            nulls(),
            note="not a submission: 'Automatic reply:' subject with X-Auto-Response-Suppress",
        )
    for k in range(2):
        n = nxt()
        a = build_answers(rng, n)
        bad = f"libraries.team@{a['_domain']}"
        call = (
            "Dear colleague,\n\nWe are collecting case studies on advocating for your library service. "
            "Please reply with "
            "the following:\n\n"
            + "\n".join(LABELS[kk] + ":" for kk in KEYS)
            + "\n\nThank you,\nLibraries Advocacy Network"
        )
        report = (
            f"This is the mail system at host mx1.librariesadvocacy.org.uk.\n\nI'm sorry to have to inform "
            f"you that your message could not\n"
            f"be delivered to one or more recipients.\n\n<{bad}>: host mail.{a['_domain']} said: 550 5.1.1 "
            f"User unknown\n"
        )
        status = (f"Reporting-MTA: dns; mx1.librariesadvocacy.org.uk\n\nFinal-Recipient: rfc822; "
                  f"{bad}\nAction: failed\nStatus: 5.1.1\n")
        orig = (
            f"From: Libraries Advocacy Network <{INBOX}>\nTo: {bad}\nSubject: Call for case studies: "
            f"advocating for your library service\n"
            f"Date: Mon, 3 Feb 2025 09:15:04 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; "
            f"charset=utf-8\n\n{call}\n"
        )
        parts = [
            part_text(report, cte="8bit"),
            "Content-Type: message/delivery-status\n\n" + status,
            ("Content-Type: message/rfc822\n\n" if k == 0 else "Content-Type: text/rfc822-headers\n\n")
            + (orig if k == 0 else orig.split("\n\n")[0] + "\n"),
        ]
        eml = (
            f"From: Mail Delivery System <MAILER-DAEMON@mx1.librariesadvocacy.org.uk>\nTo: {INBOX}\n"
            f"Subject: Undelivered Mail Returned to Sender\nDate: {date_for(n)}\nMessage-ID: "
            f"<bounce.{n}@mx1>\n"
            f"Auto-Submitted: auto-replied\nMIME-Version: 1.0\n"
        ) + multipart("report; report-type=delivery-status", parts, f"bnd{n:03d}")
        ctx.add(
            "nonsub_bounce",
            eml,
            nulls(),
            note="not a submission: bounce (multipart/report) of the call, which lists the labels",
        )

    out.mkdir(parents=True, exist_ok=True)
    for f in out.glob("v*-*.*"):
        f.unlink()
    for idx, (variant, eml, fields, problems, note) in enumerate(ctx.cases, 1):
        stem = f"v{idx:03d}-{variant}"
        data = eml if isinstance(eml, bytes) else eml.encode("utf-8")
        # all str emails are ASCII except 8bit utf-8 bodies
        (out / f"{stem}.eml").write_bytes(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
        truth = {
            "id": f"v{idx:03d}",
            "variant": variant,
            "fields": fields,
            "problem_codes": problems,
            "note": note,
        }
        (out / f"{stem}.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return len(ctx.cases)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/heldout5")
    print(f"wrote {generate(target)} cases to {target}")
