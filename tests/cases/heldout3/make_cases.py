"""Held-out set 3: messy, realistic submission emails (independent of the other generators).

Writes ~80 cases ``vNNN-VARIANT.eml`` + ``.json`` (visible-corpus JSON shape) into an output folder
(default /tmp/heldout3). Seeded and deterministic (fixed dates, MIME boundaries, zip timestamps).

    python -m tests.cases.heldout3.make_cases [OUT_DIR] [--seed 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import json
import random
import unicodedata
import zipfile
from collections.abc import Callable
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import docx

KEYS = ["name", "job_title", "email", "organisation", "title", "summary", "description", "lessons"]
CANON = ["Your name", "Job title / position", "Email address", "Name of library service/local authority",
         "Suggested title for case study", "Summary of case study (max 50 words)",
         "Description of the project / initiative / approach (max 750 words)",
         "Key lessons learned (max 100 words)"]
NOHINT = ["Your name", "Job title / position", "Email address", "Name of library service/local authority",
          "Suggested title for case study", "Summary of case study",
          "Description of the project / initiative / approach", "Key lessons learned"]
DASH = ["Name", "Job title", "Email", "Organisation", "Title", "Summary", "Description", "Lessons learned"]
ALT = ["Full name", "Your role", "Contact email", "Library authority", "Case study title",
       "Brief summary (50 words max)", "Tell us about the project (up to 750 words)",
       "What did you learn? (100 words max)"]
INBOX = "casestudies@librariesadvocacy.org.uk"
CALL_ID = "<CALL-20250203091504.4F2A@librariesadvocacy.org.uk>"

PEOPLE = [
    (
        "Ailsa",
        "Brennan",
        "Libraries Development Manager",
        "Eastmoor Libraries",
        "eastmoor.gov.uk",
        "Eastmoor Borough Council",
    ),
    (
        "Tomasz",
        "Wiśniewski",
        "Service Manager – Libraries & Information",
        "Harrowfield City Libraries",
        "harrowfield.gov.uk",
        "Harrowfield City Council",
    ),
    (
        "Priya",
        "Raghunathan",
        "Head of Libraries, Heritage and Culture",
        "Kelsingham District Council",
        "kelsingham.gov.uk",
        "Kelsingham District Council",
    ),
    (
        "Gareth",
        "Llewellyn-Price",
        "Principal Librarian (Community Engagement)",
        "Penrhos Libraries",
        "penrhos.gov.wales",
        "Penrhos County Borough Council",
    ),
    (
        "Niamh",
        "Ó Súilleabháin",
        "Strategic Lead: Libraries",
        "Brackenridge County Library Service",
        "brackenridge.gov.uk",
        "Brackenridge County Council",
    ),
    (
        "Dele",
        "Adeyemi",
        "Library & Archives Lead",
        "Tamesby Libraries and Archives",
        "tamesby.gov.uk",
        "Tamesby Metropolitan Borough Council",
    ),
    (
        "Sorcha",
        "McTaggart",
        "Senior Librarian, Reader Development",
        "Glen Orrin Council – Library Services",
        "glenorrin.gov.scot",
        "Glen Orrin Council",
    ),
    (
        "Henrik",
        "Sørensen",
        "Customer & Library Services Manager",
        "Saltmarsh Borough Council",
        "saltmarsh.gov.uk",
        "Saltmarsh Borough Council",
    ),
    (
        "Bethan",
        "Pryce",
        "Libraries Operations Manager",
        "Castlewick Libraries",
        "castlewick.gov.uk",
        "Castlewick Council",
    ),
    (
        "Marcus",
        "Okonjo-Reid",
        "Assistant Director, Communities (Libraries)",
        "Whitlow Vale District Libraries",
        "whitlowvale.gov.uk",
        "Whitlow Vale District Council",
    ),
    (
        "Imogen",
        "Castellanos",
        "Library Service Improvement Officer",
        "Redbourne Library Service",
        "redbourne.gov.uk",
        "Redbourne Council",
    ),
    (
        "Rahul",
        "Mistry",
        "Head of Service – Libraries",
        "Ashcombe County Libraries",
        "ashcombe.gov.uk",
        "Ashcombe County Council",
    ),
    (
        "Fiona",
        "Drummond",
        "Community Librarian",
        "Loch Venn Libraries",
        "lochvenn.gov.scot",
        "Loch Venn Council",
    ),
    (
        "Yusuf",
        "Karimi",
        "Digital Inclusion & Libraries Manager",
        "Northby Borough Libraries",
        "northby.gov.uk",
        "Northby Borough Council",
    ),
]

PROJECTS = [
    (
        "seed library",
        "a seed library and community growing scheme",
        "the county allotments federation",
        "Seeds of change - a library seed bank",
    ),
    (
        "tablet lending",
        "lending tablets with free mobile data",
        "a local housing association",
        "Borrow a tablet, get online: digital lending",
    ),
    (
        "warm spaces",
        "warm welcome spaces in every library",
        "the public health team",
        "Warm welcomes: libraries through the winter",
    ),
    (
        "makerspace",
        "a makerspace for teenagers",
        "the further education college",
        "Making it happen: a teen makerspace",
    ),
    (
        "job club",
        "a weekly job club and careers hub",
        "Jobcentre Plus work coaches",
        "Libraries that work: a careers hub",
    ),
    (
        "home library service",
        "a volunteer-run home library service",
        "adult social care",
        "Books on the doorstep",
    ),
    (
        "memory cafés",
        "memory cafés for people living with dementia",
        "the local dementia action alliance",
        "Remember when? Memory cafés in the library",
    ),
    (
        "conversation clubs",
        "ESOL conversation clubs",
        "the refugee resettlement team",
        "Talking together: ESOL conversation clubs",
    ),
    (
        "library of things",
        "a library of things",
        "the waste and recycling service",
        "Borrow, don't buy: our library of things",
    ),
    (
        "health information points",
        "health information points staffed by trained librarians",
        "the NHS integrated care board",
        "Libraries as health hubs",
    ),
    (
        "holiday programme",
        "a school holiday reading and food programme",
        "the holiday activities and food programme",
        "Full bellies, full shelves",
    ),
    (
        "business drop-ins",
        "business and enterprise drop-ins",
        "the local growth hub",
        "Open for business: enterprise drop-ins",
    ),
]

OPEN = [
    "In {year}, {council} asked the library service to find savings of {money}. Rather than cut opening "
    "hours, we proposed {desc}, working with {partner}.",
    "The idea for {desc} came from our own customers. Staff noticed the same questions coming up at the "
    "counter week after week, and in {year} we approached {partner} to see whether we could do something "
    "together.",
    "Before {year} the library service was rarely mentioned in {council}'s corporate plan. We wanted a "
    "project that would show councillors what libraries contribute, and {desc} was the one we chose.",
]
MIDDLE = [
    "We ran a six-month pilot in {n} libraries. {partner_cap} provided training for staff and volunteers, "
    "and we used existing budgets for stock and equipment, so the pilot cost very little.",
    "Staff kept a simple log of every conversation, which gave us evidence we had never had before. After "
    "the first quarter we had recorded {n2} interactions, many from people who had not used a library for "
    "years.",
    "We invited the portfolio holder to open the first session and sent every ward councillor a one-page "
    "briefing with photographs and quotes from participants. Several councillors later visited their local "
    "library to see the {short} for themselves.",
    "Not everything went to plan. Take-up in two branches was slow, and we learned that evening sessions "
    "worked better than daytime ones for working-age residents. We changed the timetable and promoted it "
    "through schools and GP surgeries.",
    "The {short} is now part of the council's {strategy} strategy, and {partner} has agreed to co-fund it "
    "for a further two years.",
]
RESULT = [
    "Over the year, {n2} people took part and {pct}% said they would not have known where else to go. The "
    "savings target was met through other efficiencies, and no library hours were reduced.",
    "An independent evaluation estimated a social return of {ratio} for every pound spent. The service now "
    "reports on the {short} to the scrutiny committee twice a year.",
    "Visits to the participating libraries rose by {pct}%, and the project brought in {money} of external "
    "funding.",
]
SUMMARY = [
    "We introduced {desc} with {partner}. In its first year {n2} residents took part, visits rose by {pct}% "
    "and councillors now cite the {short} as an example of libraries meeting corporate priorities.",
    "Working with {partner}, {org} launched {desc}. It reached {n2} people, attracted {money} of external "
    "funding and helped protect library opening hours during a difficult budget round.",
    "A low-cost pilot of {desc} in {n} libraries became a permanent service, co-funded by {partner}, after "
    "evidence from staff logs persuaded the portfolio holder.",
]
LESSONS = [
    "Start small and collect evidence from day one.",
    "Invite councillors to see the work, not just read about it.",
    "Partners will co-fund when they can see their own outcomes in your data.",
    "Simple staff logs are more persuasive than surveys.",
    "Be honest about what did not work and change quickly.",
    "Link every report to the council's own priorities.",
    "Volunteers need proper training and recognition.",
    "Evening sessions reach people daytime sessions miss.",
]
STRATEGIES = [
    "health and wellbeing",
    "anti-poverty",
    "economic growth",
    "climate emergency",
    "digital inclusion",
]


def ascii_slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.lower().replace("ø", "o"))
    return "".join(ch for ch in s if ch.isascii() and (ch.isalnum() or ch == "-"))


def words(text: str | None) -> int:
    return len(text.split()) if text else 0


class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.people = list(PEOPLE)
        self.projects = list(PROJECTS)
        self.r.shuffle(self.people)
        self.r.shuffle(self.projects)
        self.i = 0

    def case(self, *, messy: bool = False, subheads: bool = False) -> dict[str, Any]:
        r = self.r
        first, last, job, org, domain, council = self.people[self.i % len(self.people)]
        short, desc, partner, title = self.projects[(self.i * 5) % len(self.projects)]
        self.i += 1
        slots: dict[str, Any] = dict(
            year=r.choice([2021, 2022, 2023]),
            council=council,
            money=f"£{r.choice([45, 80, 120, 250, 310])},000",
            desc=desc,
            partner=partner,
            partner_cap=partner[0].upper() + partner[1:],
            n=r.choice([3, 4, 6, 9]),
            n2=f"{r.choice([1, 2, 3, 4])},{r.randint(100, 999)}",
            pct=r.choice([12, 18, 23, 31, 40]),
            short=short,
            strategy=r.choice(STRATEGIES),
            ratio=f"£{r.choice([3, 4, 5])}.{r.randint(10, 90)}",
            org=org,
        )
        paras = (
            [r.choice(OPEN).format(**slots)]
            + [m.format(**slots) for m in r.sample(MIDDLE, r.choice([2, 3]))]
            + [r.choice(RESULT).format(**slots)]
        )
        if messy:
            paras.insert(
                2,
                f"Budget: {slots['money']} in total – {r.choice(['£20,000', '£35,000'])} from the UK Shared "
                f"Prosperity Fund, the rest from the library book fund. "
                f"Timeline: April {slots['year']} - March {slots['year'] + 1}. Contact for the partner: "
                f"jo.harker@{partner.split()[-1].lower()}-partners.org.uk.",
            )
            paras.append(
                f"More detail, including the evaluation report, is online at "
                f"https://www.{domain}/libraries/{short.replace(' ', '-')}?ref=casestudy - or email "
                f"libraries@{domain} and we will send a copy."
            )
        if subheads:
            paras = ["Background", paras[0], "What we did"] + paras[1:-1] + ["Results", paras[-1]]
        summary = r.choice(SUMMARY).format(**slots)
        lessons = " ".join(r.sample(LESSONS, 3))
        if messy:
            lessons += f" Our toolkit: https://{domain}/toolkit (free to reuse)."
        email = f"{ascii_slug(first)}.{ascii_slug(last)}@{domain}"
        fields = dict(name=f"{first} {last}", job_title=job, email=email, organisation=org, title=title,
                      summary=summary, description="\n\n".join(paras), lessons=lessons)
        assert words(summary) <= 50 and words(lessons) <= 100 and words(fields["description"]) <= 750, fields
        return dict(
            fields=fields,
            first=first,
            council=council,
            domain=domain,
            phone=f"01632 96{r.randint(1000, 9999)}",
            problems={},
            date=dt.datetime(2025, 3, 1, 9, 0)
            + dt.timedelta(hours=7 * self.i + r.randint(0, 6), minutes=r.randint(0, 59)),
        )


# ---------------------------------------------------------------- renderers
def paras(v: str) -> list[str]:
    return v.split("\n\n")


def text_form(f: dict[str, Any], labels: list[str], style: str, skip: tuple[str, ...] = ()) -> str:
    out = []
    for key, lab in zip(KEYS, labels, strict=False):
        if key in skip:
            continue
        val = f[key]
        ps = paras(val) if val else [""]
        if style == "colon":
            out.append(f"{lab}: {ps[0]}".rstrip() + ("\n\n" + "\n\n".join(ps[1:]) if len(ps) > 1 else ""))
        elif style == "tab":
            out.append(f"{lab}\t{ps[0]}".rstrip() + ("\n\n" + "\n\n".join(ps[1:]) if len(ps) > 1 else ""))
        elif style == "dash":
            out.append(f"{lab} - {ps[0]}".rstrip() + ("\n\n" + "\n\n".join(ps[1:]) if len(ps) > 1 else ""))
        elif style == "blank":
            out.append(f"{lab}\n\n" + "\n\n".join(ps))
    return "\n\n".join(out)


def signature(c: dict[str, Any], sep: bool = False) -> str:
    f = c["fields"]
    return (("-- \n" if sep else "") + f"{f['name']} | {f['job_title']}\n{c['council']}\nT: {c['phone']}\n"
            f"www.{c['domain']}/libraries")


GREET = ["Hello,", "Dear Libraries Advocacy Network,", "Hi there,", "Good afternoon,", "Dear colleagues,"]
INTRO = ["Please find our case study below.", "Here is our submission for the case study call.",
         "I'm pleased to submit the following case study - happy to answer any questions.",
         "Below is our entry. Apologies for the formatting, I copied the form from the call email."]
SIGNOFF = ["Kind regards,", "Best wishes,", "Many thanks,", "Cheers,", "With thanks,"]

DISCLAIMER = (
    "DISCLAIMER: This email and any files transmitted with it are confidential and intended solely for the "
    "use "
    "of the individual or entity to whom they are addressed. If you have received this email in error please "
    "notify the sender immediately and delete it from your system. Any views or opinions expressed are "
    "solely "
    "those of the author and do not necessarily represent those of {council}. The Council may monitor email "
    "traffic data and the content of emails for the purposes of security and staff training. Email address: "
    "postmaster@{domain}. Under the Freedom of Information Act 2000 the contents of this email may be "
    "disclosed. "
    "Please consider the environment before printing this email."
)


def wrap_body(c: dict[str, Any], form: str, r: random.Random, sep: bool = False) -> str:
    return (f"{r.choice(GREET)}\n\n{r.choice(INTRO)}\n\n{form}\n\n{r.choice(SIGNOFF)}\n\n{c['first']}\n\n"
            f"{signature(c, sep)}\n")


def html_doc(inner: str) -> str:
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>'
        f'<body><div style="font-family:Calibri,sans-serif;font-size:11pt">\n{inner}\n</div></body></html>\n'
    )


def e(s: str) -> str:
    return html.escape(s, quote=False)


def html_form(f: dict[str, Any], labels: list[str], style: str, skip: tuple[str, ...] = ()) -> str:
    out = []
    rows = []
    for key, lab in zip(KEYS, labels, strict=False):
        if key in skip:
            continue
        ps = paras(f[key]) if f[key] else []
        if style == "h3":
            out.append(f"<h3>{e(lab)}</h3>" + "".join(f"<p>{e(p)}</p>" for p in ps))
        elif style == "strong_br":
            first = ps[0] if ps else ""
            out.append(
                f"<p><strong>{e(lab)}</strong><br>{e(first)}</p>" + "".join(f"<p>{e(p)}</p>" for p in ps[1:])
            )
        elif style == "strong_inline":
            first = ps[0] if ps else ""
            out.append(
                f"<p><strong>{e(lab)}:</strong> {e(first)}</p>" + "".join(f"<p>{e(p)}</p>" for p in ps[1:])
            )
        elif style == "table":
            rows.append(f"<tr><td style=\"width:35%;background:#eeeeee\"><p><b>{e(lab)}</b></p></td><td>"
                        + "".join(f"<p>{e(p)}</p>" for p in ps) + "</td></tr>")
    if style == "table":
        return "<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">" + "\n".join(rows) + "</table>"
    return "\n".join(out)


def html_body(c: dict[str, Any], form_html: str, r: random.Random) -> str:
    f = c["fields"]
    return html_doc(
        f"<p>{r.choice(GREET)}</p><p>{e(r.choice(INTRO))}</p>\n{form_html}\n<p>{r.choice(SIGNOFF)}<br>{e(c['first'])}</p>"
        f'<p style="color:#666">{e(f["name"])}<br>{e(f["job_title"])}<br>{e(c["council"])}<br>T: '
        f'{c["phone"]}</p>'
    )


# ---------------------------------------------------------------- docx
def fixed_docx(d: docx.document.Document) -> bytes:
    cp = d.core_properties
    cp.author = "Libraries Advocacy Network"
    cp.last_modified_by = "user"
    cp.created = cp.modified = dt.datetime(2025, 2, 3, 9, 0, 0)
    cp.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 2, 3, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()


def docx_table2(f: dict[str, Any], labels: list[str] = CANON, skip: tuple[str, ...] = ()) -> bytes:
    d = docx.Document()
    d.add_heading("Libraries Advocacy Network – case study submission form", level=1)
    d.add_paragraph("Please complete all sections and return to " + INBOX + ".")
    t = d.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for key, lab in zip(KEYS, labels, strict=False):
        row = t.add_row().cells
        row[0].paragraphs[0].add_run(lab).bold = True
        ps = paras(f[key]) if (f[key] and key not in skip) else [""]
        row[1].paragraphs[0].text = ps[0]
        for p in ps[1:]:
            row[1].add_paragraph(p)
    return fixed_docx(d)


def docx_numbered(f: dict[str, Any], labels: list[str] = CANON) -> bytes:
    d = docx.Document()
    d.add_heading("Case study submission form", level=1)
    t = d.add_table(rows=1, cols=3)
    t.style = "Table Grid"
    for cell, h in zip(t.rows[0].cells, ["No.", "Question", "Answer"], strict=False):
        cell.paragraphs[0].add_run(h).bold = True
    for n, (key, lab) in enumerate(zip(KEYS, labels, strict=False), 1):
        row = t.add_row().cells
        row[0].text = str(n)
        row[1].text = lab
        ps = paras(f[key]) if f[key] else [""]
        row[2].paragraphs[0].text = ps[0]
        for p in ps[1:]:
            row[2].add_paragraph(p)
    return fixed_docx(d)


def docx_h3_bullets(f: dict[str, Any], labels: list[str] = CANON) -> bytes:
    d = docx.Document()
    d.add_heading("Case study submission", level=1)
    d.add_paragraph("Libraries Advocacy Network – call for case studies 2025")
    for key, lab in zip(KEYS, labels, strict=False):
        d.add_heading(lab, level=3)
        for p in (paras(f[key]) if f[key] else []):
            d.add_paragraph(p, style="List Bullet")
    return fixed_docx(d)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# ---------------------------------------------------------------- messages
def base_msg(c: dict[str, Any], subject: str, frm: str | None = None) -> EmailMessage:
    f = c["fields"]
    m = EmailMessage(policy=policy.SMTP)
    m["From"] = frm or f"{f['name']} <{c.get('sender', f['email'])}>"
    m["To"] = INBOX
    m["Subject"] = subject
    m["Date"] = c["date"].strftime("%a, %d %b %Y %H:%M:%S +0000")
    m["Message-ID"] = f"<{c['id']}.{c['date'].strftime('%Y%m%d%H%M')}@{c.get('domain', 'example.org')}>"
    m["MIME-Version"] = "1.0"
    return m


def fix_boundaries(m: Any, tag: str, n: list[int] | None = None) -> None:
    n = n if n is not None else [0]
    for part in m.walk():
        if part.is_multipart():
            n[0] += 1
            part.set_boundary(f"=_heldout3_{tag}_{n[0]:02d}")
        if part.get_content_type() == "message/rfc822":
            for sub in part.get_payload():
                fix_boundaries(sub, tag, n)


SUBJECTS = [
    "Case study submission",
    "Case study - {org}",
    "RE: Call for case studies",
    "Libraries advocacy case study",
    "Submission: {title}",
    "case study form",
]


class Builder:
    def __init__(self, seed: int, out: Path):
        self.g = Gen(seed)
        self.r = random.Random(seed + 1)
        self.out = out
        self.n = 0
        self.rows: list[Any] = []

    def subj(self, c: dict[str, Any]) -> str:
        return self.r.choice(SUBJECTS).format(org=c["fields"]["organisation"], title=c["fields"]["title"])

    def save(self, variant: str, c: dict[str, Any], msg: Any, note: str, nonsub: bool = False) -> None:
        fields = {k: None for k in KEYS} if nonsub else {k: c["fields"][k] for k in KEYS}
        if not nonsub:
            for k in c.get("null", ()):
                fields[k] = None
        data = {"id": c["id"], "variant": variant, "fields": fields, "problem_codes": c.get("problems", {}),
                "note": ("not a submission: " if nonsub else "") + note}
        raw = msg if isinstance(msg, bytes) else msg.as_bytes(policy=policy.SMTP)
        stem = f"{c['id']}-{variant}"
        (self.out / f"{stem}.eml").write_bytes(raw)
        (self.out / f"{stem}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        self.rows.append((stem, variant, c.get("problems", {})))

    def new(self, **kw: Any) -> dict[str, Any]:
        self.n += 1
        c = self.g.case(**kw)
        c["id"] = f"v{self.n:03d}"
        return c

    def text_msg(self, c: dict[str, Any], body: str, cte: str = "quoted-printable",
                 subject: str | None = None) -> EmailMessage:
        m = base_msg(c, subject or self.subj(c))
        m.set_content(body, subtype="plain", charset="utf-8", cte=cte)
        return m

    def html_msg(self, c: dict[str, Any], html_text: str, plain: str | None = None,
                 cte: str = "quoted-printable") -> EmailMessage:
        m = base_msg(c, self.subj(c))
        if plain is not None:
            m.set_content(plain, subtype="plain", charset="utf-8", cte=cte)
            m.add_alternative(html_text, subtype="html", charset="utf-8", cte=cte)
        else:
            m.set_content(html_text, subtype="html", charset="utf-8", cte=cte)
        fix_boundaries(m, c["id"])
        return m

    def with_docx(self, c: dict[str, Any], body: str, blob: bytes, fname: str) -> EmailMessage:
        m = base_msg(c, self.subj(c))
        m.set_content(body, subtype="plain", charset="utf-8", cte="quoted-printable")
        m.add_attachment(blob, maintype="application", subtype=DOCX.split("/")[1], filename=fname)
        fix_boundaries(m, c["id"])
        return m


CALL_TEXT = (
    "Dear colleagues,\n\nThe Libraries Advocacy Network is gathering case studies that show how library "
    "services "
    "advocate for their service. Please complete the form below and email it to "
    + INBOX
    + " by Friday 28 March 2025.\n\n"
    + "\n".join(ln + ":" for ln in CANON)
    + "\n\nMany thanks,\nLibraries Advocacy Network"
)


def build(out: Path, seed: int) -> list[Any]:
    b = Builder(seed, out)
    r = b.r

    # 1 official labels with hints, answer after a tab
    for i in range(4):
        c = b.new()
        body = wrap_body(c, text_form(c["fields"], CANON, "tab"), r, sep=i % 2 == 0)
        b.save(
            "tab_after_hint",
            c,
            b.text_msg(c, body, cte=["quoted-printable", "8bit"][i % 2]),
            "plain text; official labels with hints, answer on the same line after a TAB; later paragraphs "
            "below",
        )
    # 2 label, blank line, answer
    for i in range(4):
        c = b.new()
        labels = [CANON, NOHINT][i % 2]
        body = wrap_body(c, text_form(c["fields"], labels, "blank"), r, sep=True)
        b.save("label_blank_answer", c, b.text_msg(c, body),
               "plain text; each label (no colon) on its own line, blank line, then the answer")
    # 3 body form AND attached docx with the same answers
    for _i in range(4):
        c = b.new()
        body = wrap_body(c, "I've typed the form here and also attached the Word version.\n\n"
                         + text_form(c["fields"], CANON, "colon"), r)
        blob = docx_table2(c["fields"])
        b.save(
            "body_and_docx",
            c,
            b.with_docx(c, body, blob, f"Case study form - {c['fields']['organisation']}.docx"),
            "form filled in the text body AND the same answers in an attached two-column-table .docx",
        )
    # 4 numbered table docx
    for i in range(4):
        c = b.new()
        blob = docx_numbered(c["fields"], [CANON, NOHINT][i % 2])
        body = (f"{r.choice(GREET)}\n\nPlease see our completed form "
                f"attached.\n\n{r.choice(SIGNOFF)}\n{c['first']}\n\n{signature(c)}\n")
        b.save("docx_numbered_table", c, b.with_docx(c, body, blob, "LAN_case_study_form.docx"),
               ".docx table with header row No. | Question | Answer, first column numbered 1-8")
    # 5 heading 3 + bullets docx
    for i in range(4):
        c = b.new()
        blob = docx_h3_bullets(c["fields"], [CANON, NOHINT][i % 2])
        body = f"{r.choice(GREET)}\n\nAttached is our case study.\n\n{r.choice(SIGNOFF)}\n{c['first']}\n"
        b.save("docx_heading3_bullets", c, b.with_docx(c, body, blob, "case-study.docx"),
               ".docx: labels are Heading 3 paragraphs, each answer paragraph is a List Bullet paragraph")
    # 6 colons, dashes, URLs, emails inside answers
    for _i in range(4):
        c = b.new(messy=True)
        body = wrap_body(c, text_form(c["fields"], CANON, "colon"), r, sep=True)
        b.save(
            "colons_urls_in_answers",
            c,
            b.text_msg(c, body),
            "plain text inline form; answers contain 'Budget:', 'Timeline:', dashes, URLs and email "
            "addresses mid-text; job titles with ':' / '–'",
        )
    # 7 description with its own sub-headings
    for i in range(4):
        c = b.new(subheads=True)
        if i < 2:
            msg = b.text_msg(c, wrap_body(c, text_form(c["fields"], CANON, ["colon", "blank"][i]), r))
            fmt = "plain text"
        elif i == 2:
            msg = b.html_msg(c, html_body(c, html_form(c["fields"], CANON, "strong_br"), r))
            fmt = "HTML <strong> labels"
        else:
            msg = b.with_docx(
                c, "Form attached.\n\nThanks\n" + c["first"], docx_table2(c["fields"]), "form.docx"
            )
            fmt = "docx two-column table"
        b.save(
            "desc_subheadings",
            c,
            msg,
            f"{fmt}; description contains its own sub-headings Background / What we did / Results that "
            f"belong to the description",
        )
    # 8 hint left in front of the summary answer
    for i in range(3):
        c = b.new()
        f = c["fields"]
        form = text_form(f, NOHINT, "colon")
        if i == 0:
            form = form.replace(
                f"Summary of case study: {f['summary']}",
                f"Summary of case study: (max 50 words) {f['summary']}",
            )
        elif i == 1:
            form = form.replace(
                f"Summary of case study: {f['summary']}",
                f"Summary of case study\n(max 50 words)\n{f['summary']}",
            )
        else:
            form = form.replace(
                f"Summary of case study: {f['summary']}",
                f"Summary of case study (max 50 words): (max 50 words) {f['summary']}",
            )
        b.save(
            "hint_in_summary",
            c,
            b.text_msg(c, wrap_body(c, form, r)),
            "plain text; the hint '(max 50 words)' was left in front of the summary answer; it is not part "
            "of the answer",
        )
    # 9 html h3 labels
    for i in range(3):
        c = b.new()
        plain = wrap_body(c, text_form(c["fields"], CANON, "blank"), r) if i == 2 else None
        b.save(
            "html_h3",
            c,
            b.html_msg(c, html_body(c, html_form(c["fields"], CANON, "h3"), r), plain),
            "HTML body, labels are <h3>, answers <p>"
            + ("; multipart/alternative with plain part" if plain else "; HTML only"),
        )
    # 10 html strong labels
    for i in range(4):
        c = b.new()
        style = ["strong_br", "strong_inline"][i % 2]
        b.save(
            "html_strong",
            c,
            b.html_msg(c, html_body(c, html_form(c["fields"], [CANON, NOHINT][i // 2], style), r)),
            f"HTML only; labels in <strong> inside <p> ({style})",
        )
    # 11 html two-column table
    for i in range(3):
        c = b.new()
        b.save("html_table2", c, b.html_msg(c, html_body(c, html_form(c["fields"], CANON, "table"), r),
                                              cte=["quoted-printable", "base64", "quoted-printable"][i]),
               "HTML only; form in a two-column <table> (label cell | answer cell)")
    # 12 replies with quoted empty form below
    for i in range(4):
        c = b.new()
        top = wrap_body(c, text_form(c["fields"], [CANON, DASH][i % 2], "colon"), r, sep=True)
        if i in (0, 1):
            quoted = "\n".join("> " + ln if ln else ">" for ln in CALL_TEXT.split("\n"))
            body = (
                top
                + "\nOn Mon, 3 Feb 2025 at 09:15, Libraries Advocacy Network <"
                + INBOX
                + "> wrote:\n"
                + quoted
                + "\n"
            )
            note = "reply: filled form on top, call with EMPTY form labels quoted with '> ' below"
        else:
            body = (
                top + "\n________________________________\nFrom: Libraries Advocacy Network <" + INBOX + ">\n"
                "Sent: 03 February 2025 09:15\nTo: Heads of Library Services\nSubject: Call for case "
                "studies\n\n"
                + CALL_TEXT
                + "\n"
            )
            note = ("Outlook-style reply: filled form on top, then '____' From:/Sent:/To:/Subject: header "
                    "block and the call with EMPTY form labels, NOT '>'-quoted")
        c_subject = "RE: Call for case studies"
        m = b.text_msg(c, body, subject=c_subject)
        m["In-Reply-To"] = CALL_ID
        m["References"] = CALL_ID
        b.save("reply_quoted_empty_form", c, m, note)
    # 13 "Name -" separators
    for i in range(3):
        c = b.new()
        b.save(
            "dash_separators",
            c,
            b.text_msg(c, wrap_body(c, text_form(c["fields"], DASH if i < 2 else ALT, "dash"), r)),
            "plain text; 'Label - answer' separators" + (" with unusual label wordings" if i == 2 else ""),
        )
    # 14 disclaimer + Sent from Outlook for iOS
    for i in range(3):
        c = b.new()
        form = text_form(c["fields"], CANON, "colon")
        ios = [
            "Sent from Outlook for iOS",
            "Get Outlook for iOS<https://aka.ms/o0ukef>",
            "Sent from Outlook for iOS",
        ][i]
        body = (
            f"{r.choice(GREET)}\n\n{form}\n\n{ios}\n\n"
            + DISCLAIMER.format(council=c["council"], domain=c["domain"])
            + "\n"
        )
        if i == 2:
            body = (
                f"{form}\n\nThanks\n{c['first']}\n\n{ios}\n"
                + "\n"
                + "*" * 60
                + "\n"
                + DISCLAIMER.format(council=c["council"], domain=c["domain"])
                + "\n"
                + "*" * 60
                + "\n"
            )
        b.save(
            "ios_disclaimer",
            c,
            b.text_msg(c, body, cte="base64" if i == 1 else "quoted-printable"),
            "phone reply: 'Sent from Outlook for iOS' line after the form then a long legal disclaimer "
            "(contains 'Email address:')",
        )
    # 15 transfer encodings
    for i in range(5):
        c = b.new()
        if i < 3:
            body = wrap_body(c, text_form(c["fields"], CANON, ["colon", "blank", "colon"][i]), r)
            m = b.text_msg(c, body, cte="base64")
            note = "text/plain utf-8 base64 body"
        else:
            m = b.html_msg(
                c,
                html_body(c, html_form(c["fields"], CANON, "strong_inline"), r),
                plain=wrap_body(c, text_form(c["fields"], CANON, "colon"), r),
                cte=["quoted-printable", "base64"][i - 3],
            )
            note = "multipart/alternative, both parts " + ["quoted-printable", "base64"][i - 3]
        b.save("transfer_encodings", c, m, note)
    # 16 docx inside a forwarded message/rfc822
    for i in range(3):
        c = b.new()
        f = c["fields"]
        inner = base_msg(c, "Case study for the advocacy network")
        inner.set_content(
            f"Hi Sam,\n\nAs discussed at the regional meeting, here is our case study "
            f"form.\n\nBest,\n{c['first']}\n\n{signature(c)}\n",
            subtype="plain",
            charset="utf-8",
            cte="quoted-printable",
        )
        blob = [docx_table2, docx_numbered, docx_h3_bullets][i](f)
        inner.add_attachment(
            blob,
            maintype="application",
            subtype=DOCX.split("/")[1],
            filename=f"{f['organisation']} case study.docx",
        )
        outer = EmailMessage(policy=policy.SMTP)
        outer["From"] = "Sam Whitlock <sam.whitlock@librariesadvocacy.org.uk>"
        outer["To"] = INBOX
        outer["Subject"] = "Fwd: Case study for the advocacy network"
        outer["Date"] = c["date"].strftime("%a, %d %b %Y %H:%M:%S +0000")
        outer["Message-ID"] = f"<fwd.{c['id']}@librariesadvocacy.org.uk>"
        outer["MIME-Version"] = "1.0"
        outer.set_content(
            "Forwarding this one - it came to my own inbox.\n\nSam Whitlock\nProgramme Officer\nLibraries "
            "Advocacy Network\n",
            subtype="plain",
            charset="utf-8",
        )
        outer.add_attachment(inner)
        fix_boundaries(outer, c["id"])
        b.save(
            "forward_rfc822_docx",
            c,
            outer,
            "association staff forward the submitter's message as message/rfc822; the form is a .docx "
            "attached INSIDE the forwarded message",
        )

    # 17 problems
    for i in range(3):
        c = b.new()
        c["problems"] = {"lessons": "missing"}
        c["null"] = ["lessons"]
        f = dict(c["fields"], lessons=None)
        if i == 0:
            msg = b.text_msg(c, wrap_body(c, text_form(f, CANON, "colon"), r))
            note = "plain text; 'Key lessons learned (max 100 words):' label present but left blank"
        elif i == 1:
            msg = b.text_msg(c, wrap_body(c, text_form(f, CANON, "colon", skip=("lessons",)), r))
            note = "plain text; lessons label and answer absent"
        else:
            msg = b.with_docx(
                c,
                "Form attached - I'll send the lessons section later.\n\n" + c["first"],
                docx_table2(f),
                "form.docx",
            )
            note = "docx two-column table; lessons answer cell empty"
        b.save("problem_missing_lessons", c, msg, note)
    for i in range(3):
        c = b.new()
        extra = (
            f" We also trained {12 + i} volunteers, published a short video for councillors, and presented "
            f"the results to the "
            "regional heads of service network so that other authorities could adopt the approach."
        )
        s = c["fields"]["summary"] + extra
        while words(s) < 70:
            s += " Feedback was overwhelmingly positive."
        s = " ".join(s.split()[:70])
        if not s.endswith("."):
            s += "."
        c["fields"]["summary"] = s
        c["problems"] = {"summary": "over_word_limit"}
        if i == 0:
            msg = b.text_msg(c, wrap_body(c, text_form(c["fields"], CANON, "colon"), r))
        elif i == 1:
            msg = b.html_msg(c, html_body(c, html_form(c["fields"], CANON, "table"), r))
        else:
            msg = b.with_docx(c, "Attached.\n" + c["first"], docx_numbered(c["fields"]), "form.docx")
        b.save("problem_summary_70", c, msg, f"summary of {words(s)} words (limit 50)")
    bad = ["{u} at {d}", "{u}@{d_nodot}", "{u}@@{d}"]
    for i in range(3):
        c = b.new()
        f = c["fields"]
        u, d = f["email"].split("@")
        f["email"] = bad[i].format(u=u, d=d, d_nodot=d.split(".")[0])
        c["sender"] = f"{u}@{d}"
        c["problems"] = {"email": "invalid"}
        msg = [
            lambda c=c, f=f: b.text_msg(c, wrap_body(c, text_form(f, CANON, "colon"), r)),
            lambda c=c, f=f: b.html_msg(c, html_body(c, html_form(f, CANON, "strong_br"), r)),
            lambda c=c, f=f: b.with_docx(c, "Please see attached.\n" + c["first"], docx_table2(f),
                                         "form.docx"),
        ][i]()
        b.save("problem_invalid_email", c, msg, f"email typed as {f['email']!r}")

    # 18 non-submissions
    def ns(variant: str, note: str, build_msg: Callable[..., Any]) -> None:
        c = b.new()
        b.save(variant, c, build_msg(c), note, nonsub=True)

    def question(c: dict[str, Any], k: int) -> EmailMessage:
        f = c["fields"]
        body = [
            (
                "Hi,\n\nQuick question about the case study call. Is the 750 word limit for the Description "
                "strict? "
                "And for 'Key lessons learned' can we use bullet points? Also should the Summary of case "
                "study be in the third person?\n\n"
                f"Thanks,\n{c['first']}\n\n{signature(c)}\n"
            ),
            (
                "Hello,\n\nWe'd love to take part. Could you tell me the deadline, and whether we can submit "
                "two case studies "
                "(one on our job club, one on warm spaces)? Can the form be sent as a PDF rather than "
                "Word?\n\n"
                f"Name: {f['name']}\nEmail: {f['email']}\n\nMany thanks\n"
            ),
        ][k]
        return b.text_msg(c, body, subject="Question about the case study call")

    ns(
        "nonsub_question",
        "a question about the call; mentions labels and the sender's details in a signature",
        lambda c: question(c, 0),
    )
    ns(
        "nonsub_question",
        "a question about the call; 'Name:'/'Email:' contact lines but no form",
        lambda c: question(c, 1),
    )

    def ooo(c: dict[str, Any], k: int) -> EmailMessage:
        f = c["fields"]
        body = (
            f"Thank you for your email. I am out of the office until Monday 17 March with limited access to "
            f"email.\n\n"
            f"For urgent library matters please contact the Libraries Helpdesk.\nEmail: "
            f"libraries@{c['domain']}\nTel: {c['phone']}\n\n"
            f"{f['name']}\n{f['job_title']}\n"
        )
        m = b.text_msg(
            c,
            body,
            subject=["Automatic reply: Call for case studies", "Out of Office: RE: Call for case studies"][k],
        )
        if k == 0:
            m["Auto-Submitted"] = "auto-replied"
            m["X-Auto-Response-Suppress"] = "All"
        m["In-Reply-To"] = CALL_ID
        return m

    ns("nonsub_out_of_office", "Exchange auto-reply with Auto-Submitted header", lambda c: ooo(c, 0))
    ns(
        "nonsub_out_of_office",
        "out-of-office with NO auto-reply headers, only the subject; contains 'Email:' line",
        lambda c: ooo(c, 1),
    )

    def newsletter(c: dict[str, Any], k: int) -> EmailMessage:
        m = base_msg(c, ["Libraries Weekly: case study of the month", "Sector news - March 2025"][k],
                     frm="Libraries Weekly <news@librariesweekly.example.org>")
        inner = (
            "<h1>Libraries Weekly</h1><h3>Case study of the month</h3>"
            "<p><strong>Title:</strong> Borrow, don't buy - a library of things</p>"
            "<p><strong>Summary:</strong> A library of things cut household waste and brought in new "
            "members.</p>"
            "<p><strong>Key lessons:</strong> Partner early with waste teams.</p>"
            '<p><a href="https://librariesweekly.example.org/unsubscribe">Unsubscribe</a></p>'
        )
        m.set_content(html_doc(inner), subtype="html", charset="utf-8", cte="quoted-printable")
        m["List-Unsubscribe"] = "<https://librariesweekly.example.org/unsubscribe?u=93>"
        m["List-Id"] = "Libraries Weekly <weekly.librariesweekly.example.org>"
        if k == 0:
            m["Precedence"] = "bulk"
        return m

    ns(
        "nonsub_newsletter",
        "HTML newsletter with Precedence: bulk; featured case study with Title/Summary/Key lessons labels",
        lambda c: newsletter(c, 0),
    )
    ns(
        "nonsub_newsletter",
        "HTML newsletter with List-Unsubscribe/List-Id but no Precedence header",
        lambda c: newsletter(c, 1),
    )

    def unsub(c: dict[str, Any], k: int) -> EmailMessage:
        f = c["fields"]
        body = [
            f"Please unsubscribe me from this mailing "
            f"list.\n\nThanks\n{f['name']}\n{f['job_title']}\n{f['organisation']}\n",
            "UNSUBSCRIBE\n\nSent from my iPhone\n",
        ][k]
        return b.text_msg(c, body, subject=["Unsubscribe", "unsubscribe me"][k])

    ns(
        "nonsub_unsubscribe",
        "'please unsubscribe me' with a signature (name, job, organisation)",
        lambda c: unsub(c, 0),
    )
    ns("nonsub_unsubscribe", "one-word UNSUBSCRIBE from a phone", lambda c: unsub(c, 1))

    def receipt(c: dict[str, Any], k: int) -> bytes:
        f = c["fields"]
        date = c["date"].strftime("%a, %d %b %Y %H:%M:%S +0000")
        bnd = f"=_mdn_{c['id']}"
        text = (
            f"Your message\n\n  To: {INBOX}\n  Subject: "
            f"{['Call for case studies', 'Case study submission'][k]}\n"
            f"  Sent: 03 February 2025 09:15\n\nwas read on {date}.\n"
        )
        raw = (
            f"From: {f['name']} <{f['email']}>\r\nTo: {INBOX}\r\nSubject: Read: "
            f"{['Call for case studies', 'Case study submission'][k]}\r\n"
            f"Date: {date}\r\nMessage-ID: <mdn.{c['id']}@{c['domain']}>\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/report; '
            f'report-type=disposition-notification;\r\n\tboundary="{bnd}"\r\n\r\n'
            f"--{bnd}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
            f"8bit\r\n\r\n{text}\r\n"
            f"--{bnd}\r\nContent-Type: message/disposition-notification\r\n\r\n"
            f"Reporting-UA: {c['domain']}; Microsoft Outlook 16.0\r\nFinal-Recipient: rfc822;{f['email']}\r\n"
            f"Original-Message-ID: {CALL_ID}\r\nDisposition: manual-action/MDN-sent-manually; "
            f"displayed\r\n\r\n--{bnd}--\r\n"
        )
        return raw.encode("utf-8")

    ns(
        "nonsub_read_receipt",
        "read receipt multipart/report; report-type=disposition-notification",
        lambda c: receipt(c, 0),
    )
    ns(
        "nonsub_read_receipt",
        "read receipt for 'Case study submission' (subject mentions case study)",
        lambda c: receipt(c, 1),
    )
    return b.rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default="/tmp/heldout3")
    ap.add_argument("--seed", type=int, default=3)
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    for p in list(out.glob("v*.eml")) + list(out.glob("v*.json")):
        p.unlink()
    rows = build(out, a.seed)
    print(f"wrote {len(rows)} cases to {out}")


if __name__ == "__main__":
    main()
