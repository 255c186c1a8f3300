"""Held-out set 4: case-study forms sent as ATTACHMENTS (docx/odt/rtf/pdf), written independently.

Seeded and deterministic. Writes vNNN-VARIANT.eml + .json (visible-corpus JSON shape) into
/tmp/heldout4/ or the folder given as the first argument.

    python -m tests.cases.heldout4.make_cases [OUT_DIR]
"""

from __future__ import annotations

import io
import json
import random
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _esc

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt, RGBColor

KEYS = ["name", "job_title", "email", "organisation", "title", "summary", "description", "lessons"]
CANON = {
    "name": "Your name", "job_title": "Job title / position", "email": "Email address",
    "organisation": "Name of library service/local authority", "title": "Suggested title for case study",
    "summary": "Summary of case study (max 50 words)",
    "description": "Description of the project / initiative / approach (max 750 words)",
    "lessons": "Key lessons learned (max 100 words)",
}
VARIANTS = {
    "name": ["Name", "Contact name", "Your name:"],
    "job_title": ["Job title/position", "Position", "Your job title or role"],
    "email": ["E-mail address", "Email", "Contact email address"],
    "organisation": ["Library service / local authority", "Organisation (library service or local authority)",
                     "Name of library service / council"],
    "title": ["Case study title", "Proposed title", "Suggested title for your case study"],
    "summary": ["Summary (maximum 50 words)", "Brief summary (no more than 50 words)",
                "Case study summary \u2013 max. 50 words"],
    "description": ["Description of the project, initiative or approach (maximum 750 words)",
                    "Full description (max 750 words)",
                    "Tell us about the project / initiative / approach (up to 750 words)"],
    "lessons": ["Key lessons (maximum 100 words)", "What were the key lessons learned? (max 100 words)",
                "Lessons learnt (max 100 words)"],
}
GUIDE = {
    "name": "The person we should contact about this case study",
    "job_title": "Your current role",
    "email": "We will only use this to contact you about your submission",
    "organisation": "As you would like it to appear in the toolkit, e.g. \u2018Anytown Libraries\u2019",
    "title": "Keep it short \u2013 this will be the headline on the website",
    "summary": "A short overview for the toolkit index",
    "description": "What was the challenge, what did you do, who did you work with and what difference did "
                   "it "
    "make? You may use several paragraphs.",
    "lessons": "What would you tell another library service thinking of doing something similar?",
}
FORM_TITLE = "Library Services Association \u2013 Case Study Submission Form"
INTRO = ("Thank you for sharing your work with colleagues across the sector. Please complete every section "
         "and email the form to casestudies@libservicesassoc.org.uk. Word limits are shown against each "
         "question; entries over the limit may be edited before publication.")
FOOTER = ("Data protection: the details you give will be held by the Association for the purpose of "
          "publishing the case study toolkit and will not be shared with third parties.")
PLACEHOLDER = "Click or tap here to enter text."

FIRST = [
    "Ffion",
    "Dervla",
    "Tomasz",
    "Aoife",
    "Chidi",
    "Marguerite",
    "Rhodri",
    "In\u00e9s",
    "Kofi",
    "Saoirse",
    "Jemima",
    "Oluwaseun",
    "Hattie",
    "Ewan",
    "Ma\u0142gorzata",
    "Priya",
    "Cormac",
    "Beatrix",
    "Idris",
    "Rosalind",
]
LAST = ["Penhaligon", "Okonjo", "Featherstone", "MacAskill", "Brannigan", "D\u2019Souza", "W\u00f3jcik",
        "Thistlewood", "Aldous", "Castellano", "Hebblethwaite", "Trevithick", "Nwosu", "Carrow", "Lindqvist"]
PLACES = ["Ashcombe", "Fenmoor", "Kilbride Vale", "Wrenfield", "Harrowby", "Stonebridge", "Marlow Heath",
          "Eskdale", "Penrose", "Caldermouth", "Thornbury Vale", "Lindley Moor", "Brackenshaw", "Oakhollow"]
ORG_FMT = ["{p} Libraries", "{p} Borough Council Library Service", "{p} Library and Information Service",
           "{p} Council \u2013 Libraries & Heritage", "Libraries {p} (community interest company)"]
JOBS = [
    "Library Development Officer",
    "Service Manager \u2013 Libraries and Archives",
    "Reader Development Lead",
    "Community Librarian (North Locality)",
    "Head of Libraries & Heritage",
    "Principal Officer, Libraries",
    "Digital Inclusion Coordinator",
    "Children\u2019s and Young People\u2019s Services Librarian",
    "Strategic Lead for Libraries, Culture and Registration",
]
TLDS = ["gov.uk", "gov.uk", "org.uk", "gov.uk"]

THEMES: list[dict[str, Any]] = [
    dict(
        title=["Seeds to shelves: a library seed bank in {p}", "Growing together: the {p} seed library"],
        summary="Our {n} branch libraries lend vegetable and flower seeds alongside growing guides. Over {k} "
                "residents "
        "borrowed seeds in the first season and a partnership with the parks team created {m} community "
        "beds.",
        paras=[
            "The idea came from a volunteer at our smallest branch who had seen a seed library in Canada. "
            "Parks "
            "staff were keen because allotment waiting lists in {p} had grown to more than four years.",
            "We converted old card catalogue drawers into seed cabinets, asked local growers to donate "
            "surplus "
            "seed and ran \u2018seed swap\u2019 afternoons each spring and autumn. Borrowers are asked to "
            "bring "
            "back seed from their own harvest, although nobody is turned away if they cannot.",
            "More than {k} residents borrowed seeds in the first season, around a third of whom had not used "
            "the "
            "library for over a year. The parks team used the scheme to recruit volunteers for {m} community "
            "beds.",
        ],
        lessons=[
            "Start with something cheap and visible.",
            "Partners with a waiting list are partners with a problem you can help solve.",
            "Volunteers bring ideas as well as time.",
        ],
    ),
    dict(
        title=["Warm welcome: winter warm spaces in {p} libraries", "Somewhere warm to go in {p}"],
        summary="During the cost-of-living crisis we opened {n} libraries as warm spaces with free hot "
                "drinks, "
        "charging points and advice sessions. {k} visits were recorded over the winter and {m} people were "
        "referred for benefits advice.",
        paras=[
            "In the autumn of 2023 our public health colleagues warned that many older and disabled "
            "residents in "
            "{p} would be choosing between heating and eating. Libraries were already warm, open and free.",
            "We extended opening hours at {n} sites, installed charging points, and hosted weekly sessions "
            "with "
            "Citizens Advice and the energy company\u2019s outreach team. A local bakery donated soup on "
            "Fridays.",
            "We recorded {k} visits between November and March. Advisers referred {m} people for benefits "
            "checks, "
            "with an average gain of \u00a31,140 a year for those who were successful.",
        ],
        lessons=[
            "Say yes quickly and refine later.",
            "Advice partners multiply the value of a warm space.",
            "Record visits from day one; councillors will ask.",
        ],
    ),
    dict(
        title=["Code clubs for girls in {p}", "Girls who code at the library"],
        summary="A weekly coding club for girls aged 9\u201314 ran in {n} libraries with volunteers from a "
                "local "
        "software firm. {k} girls attended and {m} went on to choose computing at GCSE.",
        paras=[
            "Only one in five students taking computing at our local secondary schools was a girl. The "
            "council\u2019s skills board asked whether libraries could help.",
            "A software company in {p} offered staff volunteering days. We designed a ten-week programme "
            "using "
            "free tools, ran it after school and made sure every session ended with something to show "
            "parents.",
            "{k} girls attended at least six sessions. Teachers told us {m} of them chose computing at GCSE, "
            "and "
            "the company has now written the club into its social value commitments.",
        ],
        lessons=[
            "Design around what participants want to make, not what you want to teach.",
            "Corporate volunteers need a clear and simple brief.",
            "Celebrate with families.",
        ],
    ),
    dict(
        title=["Books on prescription for new parents", "Reading well for new mums and dads in {p}"],
        summary="Health visitors in {p} now prescribe books and library sessions to new parents experiencing "
                "low "
        "mood. {k} parents were referred in a year and {m} joined our baby rhyme sessions.",
        paras=[
            "Perinatal mental health services in {p} had long waiting lists, and health visitors wanted "
            "something they could offer straight away.",
            "We put together a collection of recommended titles, trained staff in {n} libraries to welcome "
            "referred parents, and created a simple referral slip that health visitors hand out at home "
            "visits.",
            "{k} parents were referred in the first year and {m} joined regular rhyme sessions. Health "
            "visitors "
            "said that the scheme gave them something positive to offer at a difficult time.",
        ],
        lessons=[
            "Make referral as simple as a slip of paper.",
            "Health professionals trust libraries more than we think.",
            "A warm welcome matters more than the book list.",
        ],
    ),
    dict(
        title=["Local history goes digital in {p}", "Ten thousand photographs: digitising {p}\u2019s past"],
        summary="Volunteers digitised {k} photographs from the local studies collection, which are now "
                "searchable "
        "online. Use of local history resources rose by {m}% and the project won a regional heritage award.",
        paras=[
            "Our local studies collection in {p} held thousands of photographs that few people knew existed. "
            "Many were deteriorating, and the room was open only two days a week.",
            "With a \u00a324,000 heritage grant we bought scanners, recruited volunteers through the u3a and "
            "agreed a simple cataloguing standard. Volunteers added captions from memory and from the local "
            "paper.",
            "{k} photographs are now online. Use of local history resources rose by {m}%, and schools in {n} "
            "wards use the images in their local history lessons.",
        ],
        lessons=[
            "Volunteers with local knowledge add as much value as the scanning.",
            "Agree metadata standards before you start.",
            "Heritage funders like measurable outputs.",
        ],
    ),
    dict(
        title=[
            "Job clubs in {p}: from library to payroll",
            "Working it out: employment support in {p} libraries",
        ],
        summary="Library job clubs run with Jobcentre Plus in {n} libraries helped {k} people with CVs and "
        "applications, and {m} found work within six months.",
        paras=[
            "Unemployment in parts of {p} was twice the county average, and Jobcentre Plus wanted to reach "
            "people who did not come into its offices.",
            "Work coaches now hold surgeries in {n} libraries while library staff help with CVs, online "
            "applications and email accounts. We lend laptops to people attending interviews online.",
            "{k} people used the job clubs in the first year and {m} found work within six months. The "
            "partnership agreement has been renewed for two more years.",
        ],
        lessons=[
            "Co-location builds trust on both sides.",
            "Digital help is the gateway to employment help.",
            "Agree shared measures at the start.",
        ],
    ),
]
GENERIC = [
    "Communication was a deliberate part of the plan. We briefed ward councillors before launch, used the "
    "council\u2019s social media channels and asked participants whether they would be happy to appear in "
    "short "
    "videos. By the end of the year the work had been covered in the local paper four times.",
    "Not everything went smoothly. One partner withdrew during the first year, a key member of staff left, "
    "and "
    "attendance in two branches was disappointing at first. We moved sessions to Saturday mornings, worked "
    "with "
    "community groups to spread the word and, by the end of the year, every site was meeting its targets.",
    "We also thought about sustainability from the beginning. The partners agreed to an evaluation after "
    "twelve "
    "months, and we built the cost of that evaluation into the budget. The findings were used to secure "
    "mainstream "
    "funding from the following April.",
    "Staff were central to the success of the project. Many took on new tasks alongside their usual duties, "
    "so we "
    "involved them in the design, gave them time for training and made sure their contribution was "
    "recognised in "
    "reports to senior managers and to the portfolio holder.",
    "We gathered evidence in three ways: figures from the library management system, a short questionnaire "
    "for "
    "participants and a handful of longer conversations recorded by volunteers. None of this was expensive, "
    "but "
    "collecting it consistently from the start meant we could report by ward and against council priorities.",
    "We are now sharing what we learned through the regional network. Two neighbouring authorities have "
    "adapted "
    "the approach, and we have written a short guide covering partnership agreements, risk assessments and "
    "example "
    "reports for elected members.",
    "A typical week gives a sense of the scale of the work. On Monday the coordinator reviews bookings and "
    "referrals; on Tuesday and Thursday the larger libraries run sessions, while smaller branches host "
    "outreach "
    "visits; Friday is kept for data entry and follow-up calls. The routine took months to settle, but it is "
    "why "
    "the project has survived staff changes and holidays.",
    "Feedback from participants was overwhelmingly positive. One older resident told us that the sessions "
    "were "
    "\u201cthe first time in months I have spoken to someone who wasn\u2019t a doctor\u201d, and several "
    "people "
    "have since become volunteers themselves.",
]


def wc(text: str | None) -> int:
    return len(text.split()) if text else 0


class Gen:
    def __init__(self, seed: int = 4404) -> None:
        self.r = random.Random(seed)
        self.used: set[tuple[str, str]] = set()

    def person(self, tld: str | None = None) -> dict[str, Any]:
        r = self.r
        while True:
            f, last, p = r.choice(FIRST), r.choice(LAST), r.choice(PLACES)
            if (f, last) not in self.used:
                self.used.add((f, last))
                break
        org = r.choice(ORG_FMT).format(p=p)
        ascii_f = f.replace("\u00e9", "e").replace("\u0142", "l").lower()
        ascii_l = last.replace("\u2019", "").replace("\u00f3", "o").replace(" ", "").lower()
        dom = p.replace(" ", "").lower() + "." + (tld or r.choice(TLDS))
        email = r.choice(["{f}.{l}@{d}", "{fi}{l}@{d}", "{f}.{l}@{d}"]).format(
            f=ascii_f, l=ascii_l, fi=ascii_f[0], d=dom
        )
        return dict(
            name=f"{f} {last}",
            first=f,
            **{"from": email},
            job_title=r.choice(JOBS),
            email=email,
            organisation=org,
            place=p,
        )

    def content(self, place: Any, desc_words: Any = (180, 520), summary_over: Any = False,
                desc_over: Any = False) -> dict[str, Any]:
        r = self.r
        th = r.choice(THEMES)
        vals = dict(
            p=place, n=r.randint(3, 14), k=r.choice([212, 348, 460, 1275, 2310, 640]), m=r.randint(9, 48)
        )
        title = r.choice(th["title"]).format(**vals)
        summary = th["summary"].format(**vals)
        if summary_over:
            extra = (
                "The work has since been recognised by the county council, featured in two regional "
                "conferences and adopted as a model by neighbouring services who visited us to see how it "
                "runs in practice and to hear from staff, volunteers and the residents who took part in it."
            ).split()
            summary = summary + " " + " ".join(extra[: 70 - wc(summary)])
            summary = summary.rstrip(",") + "."
            assert wc(summary) == 70, wc(summary)
        paras = [p.format(**vals) for p in th["paras"]]
        gens = GENERIC[:]
        r.shuffle(gens)
        target = r.randint(*desc_words)
        i = 0
        while wc("\n\n".join(paras)) < target and i < len(gens):
            paras.insert(r.randint(1, len(paras)), gens[i])
            i += 1
        if desc_over:
            while wc("\n\n".join(paras)) <= 790:
                paras.append(gens[i % len(gens)])
                i += 1
        else:
            while wc("\n\n".join(paras)) > 750:
                paras.pop()
        lessons = " ".join(th["lessons"])
        return dict(title=title, summary=summary, description_paras=paras, lessons=lessons)


# ---------------------------------------------------------------- docx helpers

def esc(t: str) -> str:
    return _esc(t, {'"': "&quot;"})


def r_xml(text: str, rpr: str = "") -> str:
    return (
        f'<w:r>{"<w:rPr>" + rpr + "</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'
    )


def p_xml(inner: str, ppr: str = "") -> str:
    return f'<w:p>{"<w:pPr>" + ppr + "</w:pPr>" if ppr else ""}{inner}</w:p>'


def clear_cell(cell: Any) -> None:
    for p in list(cell.paragraphs):
        cell._tc.remove(p._p)


def add_label(cell_or_doc: Any, label: str, guide: Any, guide_mode: Any, bold: Any = True) -> None:
    """Label (bold) plus an optional grey small guidance line in the same cell."""
    p = cell_or_doc.paragraphs[0] if hasattr(cell_or_doc, "_tc") else cell_or_doc.add_paragraph()
    run = p.add_run(label)
    run.bold = bold
    if guide and guide_mode == "br":
        run.add_break()
        g = p.add_run(guide)
    elif guide and guide_mode == "para":
        g = cell_or_doc.add_paragraph().add_run(guide)
    else:
        return
    g.font.size = Pt(8)
    g.italic = True
    g.font.color.rgb = RGBColor(0x80, 0x80, 0x80)


def fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so output is byte-for-byte deterministic."""
    src = zipfile.ZipFile(io.BytesIO(data))
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for info in src.infolist():
            ni = zipfile.ZipInfo(info.filename, date_time=(2025, 3, 1, 12, 0, 0))
            ni.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            ni.external_attr = 0o600 << 16
            z.writestr(ni, src.read(info.filename))
    return b.getvalue()


def doc_bytes(doc: Any) -> bytes:
    b = io.BytesIO()
    doc.save(b)
    return fixed_zip(b.getvalue())


def answer_paras(f: dict[str, Any], key: str) -> list[str]:
    v = f[key]
    if v is None:
        return []
    out: list[str] = v.split("\n\n")
    return out


def labels_for(g: Gen, variant_rate: Any = 0.35) -> dict[str, str]:
    return {k: (g.r.choice(VARIANTS[k]) if g.r.random() < variant_rate else CANON[k]) for k in KEYS}


def docx_table(g: Any, f: dict[str, Any], guide_mode: Any = "para", header: Any = False, colon: Any = False,
               footer: Any = True, cell_filler: Any = None) -> Any:
    doc = Document()
    doc.add_heading(FORM_TITLE, 1)
    doc.add_paragraph(INTRO)
    t = doc.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    labels = labels_for(g)
    if header:
        row = t.add_row().cells
        row[0].paragraphs[0].add_run("Question").bold = True
        row[1].paragraphs[0].add_run("Your response").bold = True
    for k in KEYS:
        lc, rc = t.add_row().cells
        lab = labels[k] + (":" if colon and not labels[k].endswith(":") else "")
        add_label(lc, lab, GUIDE[k] if guide_mode else None, guide_mode)
        if cell_filler:
            cell_filler(rc, k, f)
        else:
            ps = answer_paras(f, k)
            rc.paragraphs[0].text = ps[0] if ps else ""
            for p in ps[1:]:
                rc.add_paragraph(p)
    if footer:
        doc.add_paragraph(FOOTER)
    return doc


# content controls ---------------------------------------------------------------
TAGS = {
    "name": "SubmitterName",
    "job_title": "JobTitle",
    "email": "EmailAddress",
    "organisation": "Organisation",
    "title": "CaseStudyTitle",
    "summary": "Summary",
    "description": "Description",
    "lessons": "KeyLessons",
}


def sdt_block(key: str, paras: list[str], label: str, sid: Any, flag: Any = True) -> str:
    if paras:
        content = "".join(p_xml(r_xml(p)) for p in paras)
        ph = ""
    else:
        content = p_xml(r_xml(PLACEHOLDER, '<w:rStyle w:val="PlaceholderText"/>'))
        ph = "<w:showingPlcHdr/>" if flag else ""
    return (
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="{esc(label)}"/><w:tag w:val="{TAGS[key]}"/>'
        f'<w:id w:val="{sid}"/><w:placeholder><w:docPart '
        f'w:val="DefaultPlaceholder_-1854013440"/></w:placeholder>'
        f"{ph}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"
    )


def cc_filler(flag: Any = True) -> Any:
    def fill(cell: Any, key: str, f: dict[str, Any]) -> None:
        clear_cell(cell)
        cell._tc.append(
            parse_xml(sdt_block(key, answer_paras(f, key), CANON[key], 100 + KEYS.index(key), flag))
        )

    return fill


# legacy form fields ---------------------------------------------------------------
def formtext_paras(paras: list[str], n: int, lead: Any = "") -> Any:
    """List of paragraph XML strings holding one FORMTEXT field spanning the paragraphs."""
    begin = (f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text{n}"/><w:enabled/>'
             f'<w:calcOnExit w:val="0"/><w:textInput/></w:ffData></w:fldChar></w:r>'
             f'<w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>'
             f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    vals = paras or ["\u2002" * 5]
    rp = '<w:noProof/>'
    out = []
    for i, v in enumerate(vals):
        inner = (
            (lead if i == 0 else "")
            + (begin if i == 0 else "")
            + r_xml(v, rp)
            + (end if i == len(vals) - 1 else "")
        )
        out.append(p_xml(inner))
    return out


def formtext_filler(cell: Any, key: str, f: dict[str, Any]) -> None:
    clear_cell(cell)
    for px in formtext_paras(answer_paras(f, key), KEYS.index(key) + 1):
        cell._tc.append(parse_xml(px.replace("<w:p>", f'<w:p {nsdecls("w")}>', 1)))


def protect(doc: Any, kind: Any = "forms") -> None:
    settings = doc.settings.element
    settings.append(parse_xml(f'<w:documentProtection {nsdecls("w")} w:edit="{kind}" w:enforcement="1"/>'))


# tracked changes ---------------------------------------------------------------
_rev = [1]


def ins(t: str) -> str:
    _rev[0] += 1
    return (
        f'<w:ins w:id="{_rev[0]}" w:author="Gareth Review" w:date="2025-03-04T10:12:00Z">{r_xml(t)}</w:ins>'
    )


def dele(t: str) -> str:
    _rev[0] += 1
    return (f'<w:del w:id="{_rev[0]}" w:author="Gareth Review" w:date="2025-03-04T10:12:00Z"><w:r>'
            f'<w:delText xml:space="preserve">{esc(t)}</w:delText></w:r></w:del>')


def tracked_para(g: Gen, text: str) -> str:
    """Return paragraph xml with some edits; visible text (n + ins) equals `text`."""
    words = text.split(" ")
    if len(words) < 8:
        return p_xml(r_xml(text))
    i = g.r.randint(2, len(words) - 4)
    pre, mid, post = " ".join(words[:i]) + " ", words[i], " " + " ".join(words[i + 1:])
    kind = g.r.choice(["swap", "insdel", "del"])
    if kind == "swap":
        inner = r_xml(pre) + dele("several ") + ins(mid) + r_xml(post)
    elif kind == "insdel":
        inner = r_xml(pre) + ins(mid + " ") + dele("really, truly ") + r_xml(post.lstrip())
    else:
        inner = r_xml(pre + mid) + dele(" (see appendix B)") + r_xml(post)
    return p_xml(inner)


def tracked_filler(g: Any) -> Any:
    def fill(cell: Any, key: str, f: dict[str, Any]) -> None:
        clear_cell(cell)
        ps = answer_paras(f, key)
        if key == "title" and ps:
            x = p_xml(dele("Our draft title goes here") + ins(ps[0]))
            cell._tc.append(parse_xml(x.replace("<w:p>", f'<w:p {nsdecls("w")}>', 1)))
            return
        for j, p in enumerate(ps):
            x = (
                tracked_para(g, p)
                if key in ("summary", "description", "lessons", "organisation")
                else p_xml(r_xml(p))
            )
            cell._tc.append(parse_xml(x.replace("<w:p>", f'<w:p {nsdecls("w")}>', 1)))
            if key == "description" and j == 1:
                # a whole deleted paragraph (paragraph mark deleted too)
                dx = (
                    '<w:p><w:pPr><w:rPr><w:del w:id="900" w:author="Gareth Review" '
                    'w:date="2025-03-04T10:12:00Z"/>'
                    "</w:rPr></w:pPr>"
                    + dele(
                        "We originally planned to run this in every branch but the budget "
                        "would not stretch that far."
                    )
                    + "</w:p>"
                )
                cell._tc.append(parse_xml(dx.replace("<w:p>", f'<w:p {nsdecls("w")}>', 1)))
        if not ps:
            cell._tc.append(parse_xml(f'<w:p {nsdecls("w")}/>'))
    return fill


# text box ---------------------------------------------------------------
TB_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
         'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
         'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
         'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
         'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
         'xmlns:v="urn:schemas-microsoft-com:vml"')


def textbox_para(paras: list[str], n: int) -> str:
    body = "".join(p_xml(r_xml(p)) for p in paras)
    return (
        f'<w:p {TB_NS}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        f'relativeHeight="25165{n}" '
        f'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="5400000" cy="2600000"/><wp:effectExtent l="0" t="0" r="0" '
        f'b="0"/><wp:wrapTopAndBottom/>'
        f'<wp:docPr id="{n}" name="Text Box {n}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5400000" '
        f'cy="2600000"/>'
        f'</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx><w:txbxContent>{body}'
        f'</w:txbxContent></wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square" anchor="t"><a:noAutofit/>'
        f"</wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:shape id="Text Box {n}" type="#_x0000_t202" '
        f'style="position:absolute;width:425pt;height:205pt"><v:textbox><w:txbxContent>{body}</w:txbxContent>'
        f"</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )


def docx_textbox(g: Any, f: dict[str, Any], layout: Any) -> Any:
    tb_keys = (
        ["description"] if layout == "table" else g.r.choice([["description"], ["description", "lessons"]])
    )
    if layout == "table":
        def fill(cell: Any, key: str, ff: Any) -> None:
            ps = answer_paras(ff, key)
            if key in tb_keys:
                clear_cell(cell)
                cell._tc.append(parse_xml(textbox_para(ps, 10 + KEYS.index(key))))
            else:
                cell.paragraphs[0].text = ps[0] if ps else ""
                for p in ps[1:]:
                    cell.add_paragraph(p)
        return docx_table(g, f, guide_mode="para", cell_filler=fill)
    doc = Document()
    doc.add_heading(FORM_TITLE, 1)
    doc.add_paragraph(INTRO)
    for k in KEYS:
        add_label(doc, CANON[k], GUIDE[k], "para")
        ps = answer_paras(f, k)
        if k in tb_keys:
            doc.element.body.insert(
                len(doc.element.body) - 1, parse_xml(textbox_para(ps, 20 + KEYS.index(k)))
            )
        else:
            for p in ps:
                doc.add_paragraph(p)
    return doc


def docx_bold(g: Any, f: dict[str, Any], bullets: Any = False, guide: Any = False,
              inline_short: Any = False) -> Any:
    doc = Document()
    doc.add_heading(FORM_TITLE, 1)
    doc.add_paragraph(INTRO)
    labels = labels_for(g)
    bullet_keys = set()
    for k in KEYS:
        ps = answer_paras(f, k)
        if inline_short and k in ("name", "job_title", "email", "organisation"):
            p = doc.add_paragraph()
            p.add_run(labels[k].rstrip(":") + ": ").bold = True
            if ps:
                p.add_run(ps[0])
            continue
        add_label(doc, labels[k], GUIDE[k] if guide else None, "br" if guide else None)
        style = "List Bullet" if bullets and k in ("lessons",) else None
        if bullets and k == "lessons":
            bullet_keys.add(k)
        for para in ps:
            doc.add_paragraph(para, style=style)
    doc.add_paragraph("Thank you for completing this form.")
    return doc


# LibreOffice-like raw docx ---------------------------------------------------------
def lo_docx(f: dict[str, Any], split_labels: Any = True, soft_breaks: Any = False) -> bytes:
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    rows = []
    for k in KEYS:
        lab = CANON[k]
        if split_labels and len(lab) > 12:
            cut = len(lab) // 2
            lab_runs = (
                f'<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">{esc(lab[:cut])}</w:t></w:r>'
                f'<w:r><w:rPr><w:b/><w:bCs/><w:lang w:val="en-GB"/></w:rPr><w:t xml:space="preserve">'
                f"{esc(lab[cut:])}</w:t></w:r>"
            )
        else:
            lab_runs = f'<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t>{esc(lab)}</w:t></w:r>'
        ps = answer_paras(f, k)
        if soft_breaks and len(ps) > 1:
            inner = '<w:r><w:br/><w:br/></w:r>'.join(
                f'<w:r><w:rPr></w:rPr><w:t xml:space="preserve">{esc(p)}</w:t></w:r>' for p in ps)
            ans = f'<w:p><w:pPr><w:pStyle w:val="TableContents"/><w:rPr></w:rPr></w:pPr>{inner}</w:p>'
        else:
            ans = (
                "".join(
                    f'<w:p><w:pPr><w:pStyle w:val="TableContents"/><w:rPr></w:rPr></w:pPr>'
                    f'<w:r><w:rPr></w:rPr><w:t xml:space="preserve">{esc(p)}</w:t></w:r></w:p>'
                    for p in ps
                )
                or '<w:p><w:pPr><w:pStyle '
                   'w:val="TableContents"/><w:rPr></w:rPr></w:pPr><w:r><w:rPr></w:rPr></w:r></w:p>'
            )
        tcpr = (
            '<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:tcBorders><w:top w:val="single" w:sz="2" w:space="0" '
            'w:color="000000"/><w:left w:val="single" w:sz="2" w:space="0" w:color="000000"/><w:bottom '
            'w:val="single" w:sz="2" w:space="0" w:color="000000"/></w:tcBorders></w:tcPr>'
        )
        rows.append(
            f'<w:tr><w:trPr></w:trPr><w:tc>{tcpr.format(w=3000)}<w:p><w:pPr><w:pStyle w:val="TableContents"/>'
            f"<w:rPr></w:rPr></w:pPr>{lab_runs}</w:p></w:tc><w:tc>{tcpr.format(w=6638)}{ans}</w:tc></w:tr>"
        )
    body = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>'
        f'<w:p><w:pPr><w:pStyle w:val="Normal"/><w:rPr><w:b/><w:sz '
        f'w:val="32"/></w:rPr></w:pPr><w:r><w:rPr><w:b/>'
        f'<w:sz w:val="32"/></w:rPr><w:t>Case study submission</w:t></w:r></w:p>'
        f'<w:p><w:pPr><w:pStyle '
        f'w:val="Normal"/><w:rPr></w:rPr></w:pPr><w:r><w:rPr></w:rPr><w:t>{esc(INTRO)}</w:t></w:r></w:p>'
        f'<w:tbl><w:tblPr><w:tblW w:w="9638" w:type="dxa"/><w:jc w:val="left"/><w:tblInd w:w="0" '
        f'w:type="dxa"/>'
        f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="55" w:type="dxa"/><w:left w:w="55" '
        f'w:type="dxa"/>'
        f'</w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="6638"/></w:tblGrid>'
        f'{"".join(rows)}</w:tbl><w:p><w:pPr><w:pStyle '
        f'w:val="Normal"/><w:rPr></w:rPr></w:pPr><w:r><w:rPr></w:rPr></w:r></w:p>'
        f'<w:sectPr><w:type w:val="nextPage"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:left="1134" '
        f'w:right="1134" '
        f'w:header="0" w:top="1134" w:footer="0" w:bottom="1134" '
        f'w:gutter="0"/></w:sectPr></w:body></w:document>'
    )
    ct = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Types '
        'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override '
        'PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/><Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/extended-properties" Target="docProps/app.xml"/></Relationships>'
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Properties '
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>LibreOffice/7.6.4.1$Linux_X86_64 '
        'LibreOffice_project/e19e193f88cd6c0525a17fb7a176ed8e6a3e2aa1</Application></Properties>'
    )
    drels = ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships '
             'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("docProps/app.xml", app)
        z.writestr("word/_rels/document.xml.rels", drels)
        z.writestr("word/document.xml", body)
    return fixed_zip(b.getvalue())


# ODT ---------------------------------------------------------------
def odt_form(g: Any, f: dict[str, Any], layout: Any) -> bytes:
    from odf import teletype
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P, Span
    doc = OpenDocumentText()
    bold = Style(name="Bold", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    grey = Style(name="Guide", family="text")
    grey.addElement(TextProperties(fontsize="8pt", color="#808080", fontstyle="italic"))
    doc.automaticstyles.addElement(bold)
    doc.automaticstyles.addElement(grey)
    doc.text.addElement(H(outlinelevel=1, text=FORM_TITLE))
    doc.text.addElement(P(text=INTRO))
    labels = labels_for(g)

    def para(t: str) -> Any:
        p = P()
        teletype.addTextToElement(p, t)
        return p
    if layout == "table":
        tbl = Table(name="Form")
        tbl.addElement(TableColumn(numbercolumnsrepeated=2))
        for k in KEYS:
            tr = TableRow()
            lc = TableCell(valuetype="string")
            lp = P()
            lp.addElement(Span(stylename=bold, text=labels[k]))
            lc.addElement(lp)
            gp = P()
            gp.addElement(Span(stylename=grey, text=GUIDE[k]))
            lc.addElement(gp)
            rc = TableCell(valuetype="string")
            ps = answer_paras(f, k) or [""]
            for p in ps:
                rc.addElement(para(p))
            tr.addElement(lc)
            tr.addElement(rc)
            tbl.addElement(tr)
        doc.text.addElement(tbl)
    else:
        for k in KEYS:
            lp = P()
            lp.addElement(Span(stylename=bold, text=labels[k]))
            doc.text.addElement(lp)
            ps = answer_paras(f, k)
            if k == "lessons" and ps:
                lst = List()
                for s in ps:
                    li = ListItem()
                    li.addElement(para(s))
                    lst.addElement(li)
                doc.text.addElement(lst)
            else:
                for p in ps:
                    doc.text.addElement(para(p))
    b = io.BytesIO()
    doc.write(b)
    return fixed_zip(b.getvalue())


# RTF ---------------------------------------------------------------
def rtf_esc(t: str) -> str:
    out = []
    for ch in t:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            n = ord(ch)
            out.append(f"\\u{n if n < 32768 else n - 65536}?")
    return "".join(out)


def rtf_form(g: Any, f: dict[str, Any], layout: Any) -> bytes:
    head = ("{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1{\\fonttbl{\\f0\\fswiss Arial;}}"
            "{\\colortbl;\\red0\\green0\\blue0;\\red128\\green128\\blue128;}\\f0\\fs22\n")
    parts = [head, "\\pard\\b\\fs28 " + rtf_esc(FORM_TITLE) + "\\b0\\fs22\\par\n",
             "\\pard " + rtf_esc(INTRO) + "\\par\\par\n"]
    labels = labels_for(g)
    for k in KEYS:
        ps = answer_paras(f, k)
        if layout == "table":
            parts.append("\\trowd\\trgaph108\\trleft0\\clbrdrt\\brdrs\\clbrdrl\\brdrs\\clbrdrb\\brdrs\\clbrdrr\\brdrs\\cellx3200"
                         "\\clbrdrt\\brdrs\\clbrdrl\\brdrs\\clbrdrb\\brdrs\\clbrdrr\\brdrs\\cellx9600\n")
            parts.append(
                "\\pard\\intbl{\\b "
                + rtf_esc(labels[k])
                + "}\\par{\\fs16\\i\\cf2 "
                + rtf_esc(GUIDE[k])
                + "}\\cell\n\\pard\\intbl "
                + "\\par\n".join(rtf_esc(p) for p in ps)
                + "\\cell\\row\n"
            )
        else:
            parts.append("\\pard\\sb120{\\b " + rtf_esc(labels[k]) + "}\\par\n")
            for p in ps:
                parts.append("\\pard " + rtf_esc(p) + "\\par\n")
    parts.append("\\pard\\par " + rtf_esc(FOOTER) + "\\par\n}")
    return "".join(parts).encode("ascii")


# PDF ---------------------------------------------------------------
def pdf_str(t: str) -> str:
    b = t.encode("cp1252", "replace")
    out = []
    for c in b:
        ch = chr(c)
        if ch in "()\\":
            out.append("\\" + ch)
        elif 32 <= c < 127:
            out.append(ch)
        else:
            out.append(f"\\{c:03o}")
    return "(" + "".join(out) + ")"


def wrap(t: str, width: int) -> list[str]:
    lines, cur = [], ""
    for w in t.split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = (cur + " " + w) if cur else w
    if cur:
        lines.append(cur)
    return lines


PdfItems = list[tuple[str, int, bool, int, str | None, int]]
"""(font, size, grey, x, text line or None for a gap, advance) per line of a PDF page."""


def make_pdf(items: PdfItems) -> bytes:
    """items: list of (font, size, grey, x, text_line, advance) already laid out; paginates on y."""
    pages: list[list[str]] = []
    cur: list[str] = []
    y = 790
    for font, size, grey_, x, line, adv in items:
        if y < 60:
            pages.append(cur)
            cur, y = [], 790
        if line is not None:
            cur.append(f"BT /{font} {size} Tf {'0.5' if grey_ else '0'} g {x} {y} Td {pdf_str(line)} Tj ET")
        y -= adv
    pages.append(cur)
    objs: list[Any] = []
    objs.append("<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(None)  # pages placeholder
    objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    kids = []
    for pg in pages:
        stream = "\n".join(pg).encode("latin-1")
        objs.append(f"<< /Length {len(stream)} >>\nstream\n".encode("latin-1") + stream + b"\nendstream")
        cid = len(objs)
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 "
            f"R >> >> /Contents {cid} 0 R >>"
        )
        kids.append(len(objs))
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        body = o if isinstance(o, bytes) else o.encode("latin-1")
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offs:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_form(f: dict[str, Any], layout: Any = "stacked") -> bytes:
    items: PdfItems = [("F2", 14, False, 50, FORM_TITLE.replace("\u2013", "-"), 22)]
    for ln in wrap(INTRO, 100):
        items.append(("F1", 9, False, 50, ln, 12))
    items.append(("F1", 9, False, 50, None, 12))
    for k in KEYS:
        ps = answer_paras(f, k)
        if layout == "stacked":
            items.append(("F2", 10, False, 50, CANON[k], 13))
            items.append(("F1", 8, True, 50, GUIDE[k], 12))
            for p in ps:
                for ln in wrap(p, 95):
                    items.append(("F1", 10, False, 50, ln, 13))
                items.append(("F1", 10, False, 50, None, 7))
            items.append(("F1", 10, False, 50, None, 10))
        else:  # two columns: label left, answer right, rows aligned on the first line
            left = wrap(CANON[k], 28)
            right = []
            for j, p in enumerate(ps):
                if j:
                    right.append("")
                right += wrap(p, 68)
            n = max(len(left), len(right), 1)
            for i in range(n):
                if i < len(left):
                    items.append(("F2", 10, False, 50, left[i], 0))
                items.append(("F1", 10, False, 210, right[i] if i < len(right) and right[i] else None, 13))
            items.append(("F1", 10, False, 50, None, 10))
    return make_pdf(items)


def newsletter_pdf(place: Any) -> bytes:
    items: PdfItems = [("F2", 16, False, 50, f"{place} Libraries - Spring Newsletter", 26)]
    txt = [
        (
            "What's on",
            f"Rhymetimes, knit and natter and our summer reading challenge are back at every {place} "
            f"library.",
        ),
        (
            "Summary of the year",
            "Visits rose by 12% and we welcomed 3,400 new members. Thank you to all our volunteers.",
        ),
        (
            "Key lessons from our consultation",
            "Residents told us they value evening opening and the home library service.",
        ),
        ("Contact us", f"Email libraries@{place.replace(' ', '').lower()}.gov.uk or call 01632 960 114."),
    ]
    for h, b in txt:
        items.append(("F2", 11, False, 50, h, 15))
        for ln in wrap(b, 95):
            items.append(("F1", 10, False, 50, ln, 13))
        items.append(("F1", 10, False, 50, None, 10))
    return make_pdf(items)


# ---------------------------------------------------------------- email

MIME_DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


def signature(pp: dict[str, Any], g: Any) -> str:
    lines = [
        "",
        "--",
        pp["name"],
        pp["job_title"],
        pp["organisation"],
        f"Tel: 01632 {g.r.randint(100000, 999999)}",
    ]
    if g.r.random() < 0.4:
        lines += [
            "",
            "This email and any attachments are confidential and intended solely for the addressee. "
            "If you have received it in error please notify the sender and delete it.",
        ]
    return "\n".join(lines)


def make_email(g: Any, pp: dict[str, Any], body: Any, attachments: Any, subject: str | None = None,
               html: Any = False, when: Any = None) -> EmailMessage:
    m = EmailMessage()
    m["From"] = f'{pp["name"]} <{pp["from"]}>'
    m["To"] = "Case Studies <casestudies@libservicesassoc.org.uk>"
    m["Subject"] = subject or g.r.choice(["Case study submission", "Case study for the toolkit",
                                           f"Case study - {pp['place']}", "RE: Call for case studies"])
    when = when or datetime(2025, 3, 1, 9, 0, tzinfo=UTC) + timedelta(minutes=g.r.randint(0, 60000))
    m["Date"] = format_datetime(when)
    m["Message-ID"] = f"<{g.r.getrandbits(64):x}@mail.{pp['place'].replace(' ', '').lower()}.gov.uk>"
    m.set_content(body)
    if html:
        h = "".join(f"<p>{_esc(x)}</p>" for x in body.split("\n\n"))
        m.add_alternative(f"<html><body>{h}</body></html>", subtype="html")
    for data, mime, fn in attachments:
        if isinstance(data, EmailMessage):
            m.add_attachment(data)
        else:
            m.add_attachment(data, maintype=mime[0], subtype=mime[1], filename=fn)
    return m


def body_note(g: Any, pp: dict[str, Any]) -> str:
    greet = g.r.choice(["Dear colleagues,", "Hello,", "Hi there,", "Good afternoon,"])
    line = g.r.choice(
        [
            "Please find attached our case study.",
            "Please find attached our case study for the toolkit \u2013 happy to answer any questions.",
            "Attached is our completed case study form.",
            "Please find attached our submission. Apologies it is a day late!",
        ]
    )
    close = g.r.choice(["Kind regards,", "Best wishes,", "Many thanks,"])
    return f"{greet}\n\n{line}\n\n{close}\n{pp['first']}\n" + signature(pp, g)


# ---------------------------------------------------------------- cases

def build(out: Path) -> Any:
    g = Gen()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("v*.*"):
        old.unlink()
    cases = []

    def fields_of(pp: dict[str, Any], c: Any, drop: Any = ()) -> dict[str, Any]:
        f = dict(
            name=pp["name"],
            job_title=pp["job_title"],
            email=pp["email"],
            organisation=pp["organisation"],
            title=c["title"],
            summary=c["summary"],
            description="\n\n".join(c["description_paras"]),
            lessons=c["lessons"],
        )
        for k in drop:
            f[k] = None
        return f

    def add(variant: str, note: str, make_att: Any, problems: dict[str, str] | None = None,
            drop: tuple[str, ...] = (), summary_over: bool = False, desc_over: bool = False,
            bad_email: Any = None, body: Any = None, html: Any = None, wrap_fwd: bool = False,
            lessons_bullets: bool = False) -> None:
        pp = g.person()
        c = g.content(pp["place"], summary_over=summary_over, desc_over=desc_over)
        if bad_email:
            pp = dict(pp, email=bad_email(pp))
        f = fields_of(pp, c, drop)
        if lessons_bullets and f["lessons"]:
            f["lessons"] = "\n\n".join(s.strip() for s in f["lessons"].replace(". ", ".\n\n").split("\n\n"))
        att = make_att(f)
        b = body(pp, f) if body else body_note(g, pp)
        m = make_email(g, pp, b, att, html=g.r.random() < 0.4 if html is None else html)
        if wrap_fwd:
            fw = g.person()
            outer = make_email(
                g,
                fw,
                f"Hi,\n\nForwarding a case study that {pp['first']} sent to me directly "
                f"rather than to the mailbox.\n\nThanks,\n{fw['first']}\n" + signature(fw, g),
                [(m, None, None)],
                subject="Fwd: " + m["Subject"],
            )
            m = outer
        cases.append((variant, note, m, f, problems or {}))

    def DOCX(doc_fn: Any, fn: str = "Case study form.docx", mime: Any = MIME_DOCX) -> Any:
        return lambda f: [(doc_bytes(doc_fn(f)), mime, fn)]

    # 1. two-column table with grey guidance lines
    layouts = [("para", False, False), ("br", False, False), ("para", True, False), ("br", True, True),
               ("para", False, True), ("br", False, False), ("para", True, False), ("br", False, True)]
    for gm, hdr, colon in layouts:
        add(
            "docx_guided_table",
            f"2-col table, label + grey guidance ({gm}), header row={hdr}, colon={colon}",
            DOCX(
                lambda f, gm=gm, hdr=hdr, colon=colon: docx_table(
                    g, f, guide_mode=gm, header=hdr, colon=colon
                ),
                fn=g.r.choice(
                    [
                        "Case study form.docx",
                        "LSA case study - completed.docx",
                        "Case_Study_Submission_Form_2025.docx",
                    ]
                ),
            ),
        )
    # 2. content controls in the answer cells
    for _i in range(4):
        add("docx_cc_table", "block-level w:sdt (alias=label, tag=field) in right cells, all filled",
            DOCX(lambda f: docx_table(g, f, guide_mode="para", cell_filler=cc_filler())))
    add(
        "docx_cc_table",
        "content controls; title and lessons unfilled (showingPlcHdr placeholder) -> missing",
        DOCX(lambda f: docx_table(g, f, guide_mode="para", cell_filler=cc_filler())),
        problems={"title": "missing", "lessons": "missing"},
        drop=("title", "lessons"),
    )
    add("docx_cc_table", "content controls; job_title placeholder text WITHOUT showingPlcHdr flag -> missing",
        DOCX(lambda f: docx_table(g, f, guide_mode="br", cell_filler=cc_filler(flag=False))),
        problems={"job_title": "missing"}, drop=("job_title",))
    # 3. legacy form fields in table cells / paragraphs
    for _i in range(3):
        def mk(f: dict[str, Any]) -> Any:
            d = docx_table(g, f, guide_mode="para", cell_filler=formtext_filler)
            protect(d)
            return d

        add(
            "docx_formtext_table",
            "legacy FORMTEXT fields in answer cells; multi-paragraph field spans paragraphs",
            DOCX(mk),
        )
    add("docx_formtext_table", "legacy FORMTEXT; lessons field unfilled (five en-spaces) -> missing",
        DOCX(mk), problems={"lessons": "missing"}, drop=("lessons",))

    def ft_paras(f: dict[str, Any]) -> Any:
        doc = Document()
        doc.add_heading(FORM_TITLE, 1)
        doc.add_paragraph(INTRO)
        body = doc.element.body
        for k in KEYS:
            n = KEYS.index(k) + 1
            if k in ("name", "job_title", "email", "organisation", "title"):
                lead = r_xml(CANON[k] + ":", "<w:b/>") + '<w:r><w:tab/></w:r>'
                xs = formtext_paras(answer_paras(f, k), n, lead=lead)
            else:
                body.insert(
                    len(body) - 1,
                    parse_xml(p_xml(r_xml(CANON[k], "<w:b/>")).replace("<w:p>", f"<w:p {nsdecls('w')}>", 1)),
                )
                xs = formtext_paras(answer_paras(f, k), n)
            for x in xs:
                body.insert(len(body) - 1, parse_xml(x.replace("<w:p>", f'<w:p {nsdecls("w")}>', 1)))
        protect(doc)
        return doc
    for _i in range(3):
        add(
            "docx_formtext_paras",
            "legacy FORMTEXT in paragraphs: 'Label:<tab>[field]' for short, label para + field for long",
            DOCX(ft_paras),
        )
    add("docx_formtext_paras", "legacy FORMTEXT paragraphs; email field unfilled -> missing", DOCX(ft_paras),
        problems={"email": "missing"}, drop=("email",))
    # 4. bold-label paragraphs, bullets
    for i in range(5):
        bul, gd, inl = [
            (True, False, False),
            (True, True, False),
            (False, True, True),
            (True, False, True),
            (False, False, False),
        ][i]
        add(
            "docx_bold_paras",
            f"bold label paragraphs, answers below; lessons as bullet list={bul}, guidance={gd}, "
            f"short fields inline 'Label: value'={inl}",
            DOCX(lambda f, bul=bul, gd=gd, inl=inl: docx_bold(g, f, bullets=bul, guide=gd, inline_short=inl)),
            lessons_bullets=bul,
        )
    # 5. tracked changes
    for _i in range(5):
        add(
            "docx_tracked",
            "2-col table with unaccepted tracked changes (w:ins kept, w:del dropped, deleted paragraph, "
            "title replaced)",
            DOCX(lambda f: docx_table(g, f, guide_mode="para", cell_filler=tracked_filler(g))),
        )
    # 6. text boxes
    for _i, lay in enumerate(["table", "paras", "table", "paras"]):
        add("docx_textbox", f"answer typed into a text box (wps:txbx + VML fallback duplicate), layout {lay}",
            DOCX(lambda f, lay=lay: docx_textbox(g, f, lay)))
    # 7. LibreOffice-like plain docx
    for i in range(4):
        add(
            "docx_libreoffice_plain",
            "hand-built docx: no styles.xml, plain table, labels split across runs"
            + (", answers with soft line breaks" if i % 2 else ""),
            lambda f, i=i: [
                (lo_docx(f, split_labels=True, soft_breaks=bool(i % 2)), MIME_DOCX, "casestudy.docx")
            ],
        )
    # 8. ODT
    for _i, lay in enumerate(["table", "paras", "table", "paras", "table"]):
        add(
            f"odt_{lay}",
            f"OpenDocument text (odfpy), layout {lay}",
            lambda f, lay=lay: [
                (odt_form(g, f, lay), ("application", "vnd.oasis.opendocument.text"), "case-study.odt")
            ],
            lessons_bullets=(lay == "paras"),
        )
    # 9. RTF
    for _i, lay in enumerate(["table", "paras", "table", "paras"]):
        add(f"rtf_{lay}", f"hand-written RTF, layout {lay}",
            lambda f, lay=lay: [(rtf_form(g, f, lay), ("application", "rtf"), "Case study.rtf")])
    # 10. PDF
    for _i, lay in enumerate(["stacked", "stacked", "twocol", "stacked"]):
        add(f"pdf_{lay}", f"text PDF (Helvetica, WinAnsi) printed from the form, layout {lay}",
            lambda f, lay=lay: [(pdf_form(f, lay), ("application", "pdf"), "Case study form.pdf")])
    # 11. forwarded message/rfc822 with docx
    for _i in range(3):
        add(
            "forward_rfc822_docx",
            "colleague forwards the officer's email as message/rfc822; docx form attached inside",
            DOCX(lambda f: docx_table(g, f, guide_mode="para")),
            wrap_fwd=True,
        )
    # 12. body note mentioning fields + docx form (form wins)
    for _i in range(4):
        def bn(pp: dict[str, Any], f: dict[str, Any]) -> str:
            return (
                f"Hello,\n\nMy name is {pp['name']}, I'm {g.r.choice(['the', 'a'])} "
                f"{g.r.choice(['librarian', 'project lead', 'senior officer'])} at {pp['place']} Council and "
                f"I look after our community outreach. Please find attached our case study about "
                f"{f['title'] or 'our project'}; the summary is in the form.\n\nThanks,\n{pp['first']}\n"
                + signature(pp, g)
            )

        add(
            "body_note_plus_docx",
            "body says 'My name is X, I'm Y at Z' with different wording from the form; form wins",
            DOCX(lambda f: docx_table(g, f, guide_mode="br") if g.r.random() < 0.5 else docx_bold(g, f)),
            body=bn,
        )
    # 13. problem cases across formats
    add("problem_docx_table", "summary 70 words (50+20)", DOCX(lambda f: docx_table(g, f, guide_mode="para")),
        problems={"summary": "over_word_limit"}, summary_over=True)
    add("problem_odt", "summary 70 words (50+20), odt table",
        lambda f: [(odt_form(g, f, "table"), ("application", "vnd.oasis.opendocument.text"), "form.odt")],
        problems={"summary": "over_word_limit"}, summary_over=True)
    add("problem_docx_bold", "description over 750 words", DOCX(lambda f: docx_bold(g, f)),
        problems={"description": "over_word_limit"}, desc_over=True)
    add("problem_docx_cc", "description over 750 words in content control",
        DOCX(lambda f: docx_table(g, f, guide_mode="para", cell_filler=cc_filler())),
        problems={"description": "over_word_limit"}, desc_over=True)
    add(
        "problem_docx_table",
        "lessons left blank (empty cell)",
        DOCX(lambda f: docx_table(g, f, guide_mode="br")),
        problems={"lessons": "missing"},
        drop=("lessons",),
    )
    add("problem_rtf", "lessons label present, answer blank (rtf table)",
        lambda f: [(rtf_form(g, f, "table"), ("application", "rtf"), "form.rtf")],
        problems={"lessons": "missing"}, drop=("lessons",))
    add("problem_docx_table", "invalid email (no TLD)", DOCX(lambda f: docx_table(g, f, guide_mode="para")),
        problems={"email": "invalid"}, bad_email=lambda pp: pp["email"].rsplit(".", 2)[0])
    add("problem_docx_formtext", "invalid email (' at ' instead of @)", DOCX(ft_paras),
        problems={"email": "invalid"}, bad_email=lambda pp: pp["email"].replace("@", " at "))
    add("problem_pdf", "invalid email (double @@), pdf",
        lambda f: [(pdf_form(f, "stacked"), ("application", "pdf"), "form.pdf")],
        problems={"email": "invalid"}, bad_email=lambda pp: pp["email"].replace("@", "@@"))

    # 14. non-submissions
    nulls = {k: None for k in KEYS}
    for _i in range(2):
        pp = g.person()
        m = make_email(
            g,
            pp,
            f"Dear all,\n\nPlease find attached our spring newsletter, which I hope will be of "
            f"interest to colleagues.\n\nBest wishes,\n{pp['first']}\n" + signature(pp, g),
            [
                (
                    newsletter_pdf(pp["place"]),
                    ("application", "pdf"),
                    f"{pp['place']} newsletter spring 2025.pdf",
                )
            ],
            subject="Spring newsletter",
        )
        cases.append(
            ("nonsub_pdf_newsletter", "not a submission: newsletter PDF attached", m, dict(nulls), {})
        )
    pp = g.person()
    m = make_email(
        g,
        pp,
        "Hello,\n\nPlease find attached a leaflet about our new home library service in case it is "
        "useful for the toolkit.\n\nRegards,\n" + pp["first"] + "\n" + signature(pp, g),
        [(newsletter_pdf(pp["place"]), ("application", "pdf"), "Home library service leaflet.pdf")],
        subject="Leaflet",
    )
    cases.append(("nonsub_pdf_leaflet", "not a submission: leaflet PDF attached", m, dict(nulls), {}))
    for i in range(2):
        pp = g.person()
        q = [
            "Quick question: does the description (max 750 words) have to be in one block, or can we use "
            "headings? "
            "And is the 'Key lessons learned' section limited to 100 words strictly?",
            "We'd like to submit a case study about our seed library. Is it OK if the suggested title for "
            "the case "
            "study is a bit longer than a line? Our email address for the project is shared \u2013 is that "
            "fine?",
        ][i]
        m = make_email(g, pp, f"Hi,\n\n{q}\n\nThanks,\n{pp['first']}\n" + signature(pp, g), [],
                       subject="Question about the case study form")
        cases.append(
            (
                "nonsub_question",
                "not a submission: question about the form, no attachment",
                m,
                dict(nulls),
                {},
            )
        )

    for n, (variant, note, m, f, probs) in enumerate(cases, 1):
        for part in m.walk():
            if part.is_multipart():
                part.set_boundary(f"=_h4_{n:03d}_{g.r.getrandbits(48):012x}")
        stem = f"v{n:03d}-{variant}"
        (out / f"{stem}.eml").write_bytes(m.as_bytes())
        (out / f"{stem}.json").write_text(json.dumps(
            {"id": f"v{n:03d}", "variant": variant, "fields": f, "problem_codes": probs, "note": note},
            ensure_ascii=False, indent=2), encoding="utf-8")
        # sanity: clean cases within limits
        if not probs and f["name"]:
            assert wc(f["summary"]) <= 50 and wc(f["description"]) <= 750 and wc(f["lessons"]) <= 100, stem
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/heldout4"))
