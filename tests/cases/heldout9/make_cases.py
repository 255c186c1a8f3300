"""Held-out set 9: Word attachments in layouts not covered before. Deterministic (seeded).

    python -m tests.cases.heldout9.make_cases [OUT_DIR]   (default /tmp/heldout9)
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

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

ASSOC = "Guild of Public Library Practitioners"
FIRST = [
    "Morwenna",
    "Tobias",
    "Isolde",
    "Kwabena",
    "Rhiannon",
    "Fergal",
    "Anouk",
    "Dilwyn",
    "Saoirse",
    "Benedikt",
    "Priyanka",
    "Lachlan",
    "Oluwaseun",
    "Hester",
    "Casimir",
    "Yevgenia",
    "Ruaridh",
    "Temperance",
    "Idris",
    "Marguerite",
]
LAST = [
    "Trevelyan",
    "Ashworth-Kane",
    "Okonkwo",
    "Penhaligon",
    "Strachan",
    "Vasquez",
    "Lindqvist",
    "Mbeki",
    "Ferncastle",
    "O'Halloran",
    "Drummond",
    "Quayle",
    "Whitlock",
    "Nakashima",
    "Pryce",
    "Castellano",
]
JOBS = ["Community Learning Librarian", "Head of Library and Heritage Services", "Digital Inclusion Lead",
        "Reader Development Officer", "Libraries Service Manager", "Young People's Services Coordinator",
        "Senior Librarian (Outreach)", "Strategic Lead, Libraries & Archives"]
ORGS = [
    ("Harrowfield Borough Council Libraries", "harrowfield.gov.uk"),
    ("Kestrel Vale Library Service", "kestrelvale.gov.uk"),
    ("Loch Ardan Council Libraries", "lochardan.gov.uk"),
    ("Mereworth City Libraries", "mereworth.gov.uk"),
    ("Penvarrow Libraries and Information Service", "penvarrow.gov.uk"),
    ("North Thistlebury District Libraries", "nthistlebury.gov.uk"),
    ("Caerwen County Library Service", "caerwen.gov.wales"),
    ("Blackmoor and Sedge Libraries", "blackmoorsedge.gov.uk"),
]
PROJECTS = [
    ("seed library", "A seed library in every branch: growing community gardens from the lending shelf"),
    ("repair café", "Fix it, don't bin it: monthly repair cafés in three town libraries"),
    ("job club", "From browsing to hiring: a library-led job club with the local college"),
    ("dementia memory boxes", "Memory boxes on loan: supporting carers of people living with dementia"),
    ("coding club", "Code after school: volunteer-run coding clubs for 9 to 13 year olds"),
    ("warm spaces", "More than a radiator: turning warm spaces into conversation cafés"),
    ("language café", "Language cafés for newly arrived families"),
    ("makerspace", "A makerspace on wheels: taking 3D printers to village halls"),
    ("oral history", "Voices of the mill: an oral history archive built by library volunteers"),
    ("loneliness befriending", "Books on the doorstep: a befriending and home delivery scheme"),
    ("sensory storytime", "Quiet hours and sensory storytimes for neurodivergent children"),
    ("digital lending", "Lending laptops and data SIMs to people leaving hospital"),
]
PARTNERS = [
    "the county adult education team",
    "a local housing association",
    "the integrated care board",
    "two secondary schools",
    "the volunteer centre",
    "a community energy cooperative",
    "the university's widening participation office",
]
HINTS = {"summary": ["(max 50 words)", "(maximum 50 words)", "(up to 50 words)"],
         "description": ["(max 750 words)", "(maximum 750 words)", "(no more than 750 words)"],
         "lessons": ["(max 100 words)", "(maximum of 100 words)", "(100 words max)"]}
LABELS = {
    "name": ["Your name", "Name"],
    "job_title": ["Job title / position", "Job title/position"],
    "email": ["Email address", "E-mail address"],
    "organisation": ["Name of library service/local authority", "Name of library service / local authority"],
    "title": ["Suggested title for case study", "Suggested case study title"],
    "summary": ["Summary of case study"],
    "description": ["Description of the project / initiative / approach"],
    "lessons": ["Key lessons learned"],
}
ORDER = ["name", "job_title", "email", "organisation", "title", "summary", "description", "lessons"]
SHORT = ORDER[:5]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def label(rng: random.Random, key: str) -> str:
    base = rng.choice(LABELS[key])
    return f"{base} {rng.choice(HINTS[key])}" if key in HINTS else base


def make_content(rng: random.Random, lessons_words: int | None = None,
                 bullets: bool = False) -> dict[str, Any]:
    fn, ln = rng.choice(FIRST), rng.choice(LAST)
    org, dom = rng.choice(ORGS)
    kind, title = rng.choice(PROJECTS)
    partner = rng.choice(PARTNERS)
    n1, n2, pct = rng.randint(3, 14), rng.randint(120, 900), rng.randint(11, 64)
    money = rng.choice(["£8,400", "£15,000", "£22,750", "£31,200", "£4,950"])
    summary = (
        f"Working with {partner}, we launched a {kind} across {n1} libraries. In the first year {n2} "
        f"residents "
        f"took part and repeat visits rose by {pct}%, showing the library can be a practical hub for its "
        f"neighbourhood."
    )
    paras = [
        f"The idea for the {kind} came from a customer survey in which residents told us they wanted the "
        f"library to help with everyday problems, not only lend books. We were also aware that several "
        f"community groups had lost their meeting places after the closure of the old civic centre.",
        f"We approached {partner} in the spring and agreed a shared plan. They provided expertise and some "
        f"volunteers; we provided space, opening hours and promotion through our branch network. A small "
        f"grant of {money} covered equipment, printed materials and training for staff.",
        f"The pilot ran in {n1} branches chosen for their footfall and the mix of people using them. Staff "
        f"kept simple tallies of attendance and asked participants three short questions at the end of each "
        f"session. We reviewed the figures every month with our partner and adjusted times and formats where "
        f"sessions were quiet.",
        f"Over twelve months {n2} residents took part, and {pct}% of them said they had not used a library "
        f"in the previous year. Several participants have since become volunteers themselves, and the ward "
        f"councillors have asked us to extend the offer to the remaining branches.",
    ]
    rng.shuffle(paras[1:3])
    lessons = (
        "Start small and let the community shape the format. A committed partner matters more than a large "
        "budget. "
        "Count attendance from day one so you can show impact. Give frontline staff time to build "
        "relationships, "
        "because trust is what brings people back."
    )
    if lessons_words:
        filler = (
            "We also learned that publicity through schools, GP surgeries and local radio reached people our "
            "own channels "
            "never did, and that evening sessions drew a very different audience from daytime ones, which "
            "changed how we "
            "planned staffing across the whole network for the following year and beyond that too in every "
            "branch we run today"
        ).split()
        words = lessons.split()
        i = 0
        while len(words) < lessons_words:
            words.append(filler[i % len(filler)])
            i += 1
        lessons = " ".join(words[:lessons_words]).rstrip(".,") + "."
    email = f"{fn.lower()}.{ln.lower().replace(chr(39), '').replace('-', '')}@{dom}"
    f = {
        "name": f"{fn} {ln}",
        "job_title": rng.choice(JOBS),
        "email": email,
        "organisation": org,
        "title": title,
        "summary": summary,
        "description": paras,
        "lessons": lessons,
    }
    if bullets:
        f["lessons"] = [
            s.strip() + ("" if s.strip().endswith(".") else ".") for s in lessons.split(". ") if s.strip()
        ]
    return f


def gt_value(v: Any) -> Any:
    if v is None:
        return None
    return "\n\n".join(v) if isinstance(v, list) else v


def as_list(v: Any) -> list[Any]:
    return v if isinstance(v, list) else [v]


# ---------------------------------------------------------------- docx builders

def new_doc() -> Any:
    return docx.Document()


def add_numpr(p: Any, num_id: int, ilvl: int = 0) -> None:
    pPr = p._p.get_or_add_pPr()
    numPr = OxmlElement("w:numPr")
    il = OxmlElement("w:ilvl")
    il.set(qn("w:val"), str(ilvl))
    ni = OxmlElement("w:numId")
    ni.set(qn("w:val"), str(num_id))
    numPr.append(il)
    numPr.append(ni)
    pPr.insert(0, numPr) if pPr.pStyle is None else pPr.pStyle.addnext(numPr)


def style_num_id(doc: Any, style_name: str) -> Any:
    pPr = doc.styles[style_name].element.pPr
    return pPr.numPr.numId.val


def build_numbered_labels(rng: random.Random, f: dict[str, Any]) -> Any:
    doc = new_doc()
    doc.add_paragraph("Case study submission form", style="Title")
    nid = style_num_id(doc, "List Number")
    for k in ORDER:
        p = doc.add_paragraph(style="List Number")
        add_numpr(p, nid)
        p.add_run(label(rng, k)).bold = True
        if f[k] is None:
            doc.add_paragraph("")
            continue
        for para in as_list(f[k]):
            doc.add_paragraph(para)
    return doc


def build_tab_mixed(rng: random.Random, f: dict[str, Any]) -> Any:
    doc = new_doc()
    doc.add_paragraph("Case study submission").runs[0].bold = True
    for k in ORDER:
        if k in SHORT:
            p = doc.add_paragraph()
            p.add_run(label(rng, k) + ":").bold = rng.random() < 0.5
            p.add_run("\t" + (f[k] or ""))
        else:
            p = doc.add_paragraph()
            p.add_run(label(rng, k) + ":").bold = True
            for para in as_list(f[k]):
                doc.add_paragraph(para)
    return doc


def build_table_bullets(rng: random.Random, f: dict[str, Any]) -> Any:
    doc = new_doc()
    doc.add_paragraph("Please complete the table below.")
    t = doc.add_table(rows=len(ORDER), cols=2)
    t.style = "Table Grid"
    for i, k in enumerate(ORDER):
        t.cell(i, 0).text = label(rng, k)
        cell = t.cell(i, 1)
        vals = as_list(f[k])
        if isinstance(f[k], list):
            cell.paragraphs[0].text = vals[0]
            cell.paragraphs[0].style = doc.styles["List Bullet"]
            for v in vals[1:]:
                cell.add_paragraph(v, style="List Bullet")
        else:
            cell.text = f[k] or ""
    return doc


def add_field(run_parent_p: Any, instr: str) -> None:
    r = run_parent_p.add_run()
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "begin")
    r._r.append(fc)
    r2 = run_parent_p.add_run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    r2._r.append(it)
    r3 = run_parent_p.add_run()
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "separate")
    r3._r.append(fc)
    run_parent_p.add_run("1" if instr == "PAGE" else "2")
    r5 = run_parent_p.add_run()
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "end")
    r5._r.append(fc)


def build_header_footer(rng: random.Random, f: dict[str, Any]) -> Any:
    doc = build_bold_paras(rng, f)
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = ASSOC + " - Case study call 2025"
    fp = sec.footer.paragraphs[0]
    fp.add_run("Page ")
    if rng.random() < 0.5:
        add_field(fp, "PAGE")
        fp.add_run(" of ")
        add_field(fp, "NUMPAGES")
    else:
        fp.add_run("1 of 2")
    return doc


def build_bold_paras(rng: random.Random, f: dict[str, Any]) -> Any:
    doc = new_doc()
    for k in ORDER:
        doc.add_paragraph().add_run(label(rng, k)).bold = True
        for para in as_list(f[k]) if f[k] is not None else []:
            doc.add_paragraph(para)
    return doc


def build_comment(rng: random.Random, f: dict[str, Any]) -> Any:
    doc = new_doc()
    doc.add_paragraph("Case study form").runs[0].bold = True
    target: str | None = rng.choice(["summary", "title", "lessons"])
    for k in ORDER:
        doc.add_paragraph().add_run(label(rng, k) + ":").bold = True
        for para in as_list(f[k]):
            p = doc.add_paragraph(para)
            if k == target:
                doc.add_comment(p.runs, text="Can we check this figure with finance before sending?  - JB",
                                author="J Bellweather", initials="JB")
                target = None
    return doc


def build_gdocs(rng: random.Random, f: dict[str, Any]) -> Any:
    doc = new_doc()
    body = doc.element.body
    for el in list(body):
        if el.tag != qn("w:sectPr"):
            body.remove(el)
    t = doc.add_table(rows=len(ORDER), cols=2)
    tbl = t._tbl
    tblPr = tbl.tblPr
    for ch in list(tblPr):
        if ch.tag in (qn("w:tblStyle"), qn("w:tblW")):
            tblPr.remove(ch)
    tw = OxmlElement("w:tblW")
    tw.set(qn("w:w"), "9360")
    tw.set(qn("w:type"), "dxa")
    tblPr.append(tw)
    for i, k in enumerate(ORDER):
        for j in range(2):
            tcPr = t.cell(i, j)._tc.get_or_add_tcPr()
            w = OxmlElement("w:tcW")
            w.set(qn("w:w"), "2800" if j == 0 else "6560")
            w.set(qn("w:type"), "dxa")
            for old in tcPr.findall(qn("w:tcW")):
                tcPr.remove(old)
            tcPr.append(w)
        split_runs(t.cell(i, 0).paragraphs[0], label(rng, k), rng)
        vals = as_list(f[k])
        split_runs(t.cell(i, 1).paragraphs[0], vals[0], rng)
        for v in vals[1:]:
            split_runs(t.cell(i, 1).add_paragraph(), v, rng)
    # strip style refs like a Google export
    for p in doc.element.body.iter(qn("w:pStyle")):
        p.getparent().remove(p)
    return doc


def split_runs(p: Any, text: str, rng: random.Random) -> None:
    i = 0
    while i < len(text):
        n = rng.randint(2, 14)
        r = p.add_run(text[i:i + n])
        rPr = r._r.get_or_add_rPr()
        fonts = OxmlElement("w:rFonts")
        for a in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{a}"), "Arial")
        rPr.append(fonts)
        r.font.size = Pt(11)
        i += n


def add_hyperlink(p: Any, url: str, text: str) -> None:
    rid = p.part.relate_to(
        url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink", is_external=True
    )
    h = OxmlElement("w:hyperlink")
    h.set(qn("r:id"), rid)
    r = OxmlElement("w:r")
    rPr = OxmlElement("w:rPr")
    st = OxmlElement("w:rStyle")
    st.set(qn("w:val"), "Hyperlink")
    rPr.append(st)
    r.append(rPr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    h.append(r)
    p._p.append(h)


def build_hyperlinks(rng: random.Random, f: dict[str, Any], links: Any) -> Any:
    """links: {key: [(para_index, before, linktext, after, url)]} -- answer text already includes
    link text."""
    doc = new_doc()
    use_table = rng.random() < 0.5
    if use_table:
        t = doc.add_table(rows=len(ORDER), cols=2)
        t.style = "Table Grid"
    for i, k in enumerate(ORDER):
        if use_table:
            t.cell(i, 0).text = label(rng, k)
            cell = t.cell(i, 1)
            paras = [cell.paragraphs[0]] + [cell.add_paragraph() for _ in as_list(f[k])[1:]]
        else:
            doc.add_paragraph().add_run(label(rng, k)).bold = True
            paras = [doc.add_paragraph() for _ in as_list(f[k])]
        for pi, (p, txt) in enumerate(zip(paras, as_list(f[k]), strict=False)):
            spec = links.get((k, pi))
            if spec:
                before, ltext, after, url = spec
                if before:
                    p.add_run(before)
                add_hyperlink(p, url, ltext)
                if after:
                    p.add_run(after)
            else:
                p.add_run(txt)
    return doc


def build_letter(rng: random.Random, f: dict[str, Any]) -> Any:
    doc = new_doc()
    doc.add_paragraph(f["organisation"])
    doc.add_paragraph("14 March 2025")
    doc.add_paragraph(f"Dear colleagues at the {ASSOC},")
    doc.add_paragraph(
        f"Thank you for the invitation to contribute to your case study collection. We would very much like "
        f"to "
        f"put forward our {PROJECTS[3][0]} work, but our evaluation report is not signed off until next "
        f"month."
    )
    doc.add_paragraph(
        "I will complete the form and send it to you before the closing date. Please let me know if a short "
        "extension would be possible should the sign-off slip."
    )
    doc.add_paragraph("Yours faithfully,")
    doc.add_paragraph(f["name"])
    doc.add_paragraph(f["job_title"])
    return doc


# ---------------------------------------------------------------- packaging

CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"
CT_DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def doc_bytes(doc: Any, main_ct: str | None = None) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    data = buf.getvalue()
    if not main_ct:
        return data
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            b = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                b = b.replace(CT_MAIN.encode(), main_ct.encode())
            zout.writestr(item, b)
    return out.getvalue()


def make_eml(rng: random.Random, idx: int, f: dict[str, Any], att_name: str, att_bytes: bytes,
             att_mime: str, body: str | None = None, subject: str | None = None) -> bytes:
    msg = EmailMessage()
    name = f["name"] or "A colleague"
    msg["From"] = f'"{name}" <{f["email"] or "someone@example.org"}>'
    msg["To"] = "casestudies@gplp.org.uk"
    msg["Subject"] = subject or rng.choice(["Case study submission", "Our case study for the 2025 call",
                                            "Submission - case study form attached", "Case study form"])
    msg["Date"] = format_datetime(datetime(2025, 3, 1, 9, 0, tzinfo=UTC) + timedelta(hours=idx * 7))
    msg["Message-ID"] = f"<h9-{idx:03d}@mail.example.org>"
    first = name.split()[0]
    msg.set_content(
        body or f"Hello,\n\nPlease find our case study form attached.\n\nKind regards,\n{first}\n"
    )
    maintype, subtype = att_mime.split("/")
    msg.add_attachment(att_bytes, maintype=maintype, subtype=subtype, filename=att_name)
    return msg.as_bytes()


MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME_DOCM = "application/vnd.ms-word.document.macroEnabled.12"
MIME_DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template"


def main(out_dir: str = "/tmp/heldout9") -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(90909)
    plan = [
        "docx_numbered_labels",
        "docx_tab_mixed",
        "docx_table_bullets",
        "docx_header_footer",
        "docx_comment",
        "docm_attachment",
        "dotx_attachment",
        "docx_gdocs_export",
        "docx_hyperlinks",
    ] * 2
    plan += ["docx_numbered_labels", "docx_table_bullets", "docx_hyperlinks"]
    plan += ["problem_missing_job", "problem_lessons_long", "nonsub_letter_later"]
    for idx, variant in enumerate(plan, start=1):
        problems, note = {}, ""
        lw = 120 if variant == "problem_lessons_long" else None
        f = make_content(rng, lessons_words=lw, bullets=(variant == "docx_table_bullets"))
        if variant == "docx_table_bullets":
            f["description"] = [p.split(". ")[0].rstrip(".") + "." for p in f["description"]]
        links = {}
        fname, mime, main_ct = "case-study-form.docx", MIME_DOCX, None
        if variant == "docx_numbered_labels":
            doc = build_numbered_labels(rng, f)
            note = "labels are auto-numbered list paragraphs (w:numPr), answers plain paragraphs below"
        elif variant == "docx_tab_mixed":
            doc = build_tab_mixed(rng, f)
            note = "'Label:<TAB>answer' for short fields, label paragraph + answer paragraphs for long"
        elif variant == "docx_table_bullets":
            doc = build_table_bullets(rng, f)
            note = "2-column table; description and lessons cells are bullet lists"
        elif variant == "docx_header_footer":
            doc = build_header_footer(rng, f)
            note = "association name in header, 'Page 1 of 2' footer (not answers)"
        elif variant == "docx_comment":
            doc = build_comment(rng, f)
            note = "a Word comment attached to an answer; comment text not part of answer"
        elif variant == "docm_attachment":
            doc = build_bold_paras(rng, f) if idx % 2 else build_tab_mixed(rng, f)
            fname, mime, main_ct = "CaseStudyForm.docm", MIME_DOCM, CT_DOCM
            note = "macro-enabled .docm attachment"
        elif variant == "dotx_attachment":
            doc = build_table_bullets(rng, f) if idx % 2 else build_bold_paras(rng, f)
            fname, mime, main_ct = "case_study_template_completed.dotx", MIME_DOTX, CT_DOTX
            note = ".dotx template attachment, filled in"
        elif variant == "docx_gdocs_export":
            doc = build_gdocs(rng, f)
            fname = "Case study form (1).docx"
            note = "Google Docs-like export: table with dxa widths, no styles, text split into many runs"
        elif variant == "docx_hyperlinks":
            url = f"https://www.{f['email'].split('@')[1]}/libraries/{f['title'].split()[0].lower()}"
            d0 = f["description"][1]
            ltxt = "project page on our website"
            f["description"][1] = d0 + f" Full details are on the {ltxt}."
            links[("description", 1)] = (d0 + " Full details are on the ", ltxt, ".", url)
            links[("email", 0)] = ("", f["email"], "", "mailto:" + f["email"])
            f["lessons"] = f["lessons"] + " Our toolkit is free to download."
            links[("lessons", 0)] = (
                f["lessons"][: -len("toolkit is free to download.")],
                "toolkit",
                " is free to download.",
                url + "/toolkit",
            )
            doc = build_hyperlinks(rng, f, links)
            note = "answers contain w:hyperlink runs (visible text is part of answer), incl. mailto email"
        elif variant == "problem_missing_job":
            f["job_title"] = None
            problems = {"job_title": "missing"}
            doc = build_tab_mixed(rng, f)
            note = "tab layout; job title left blank"
        elif variant == "problem_lessons_long":
            problems = {"lessons": "over_word_limit"}
            doc = build_numbered_labels(rng, f)
            note = "numbered labels; lessons 120 words"
        elif variant == "nonsub_letter_later":
            doc = build_letter(rng, f)
            fname = "letter.docx"
            note = "not a submission: Word letter saying the form will be sent later, no form labels"
        data = doc_bytes(doc, main_ct)
        stem = f"v{idx:03d}-{variant}"
        if variant == "nonsub_letter_later":
            gt_fields = {k: None for k in ORDER}
            body = (f"Hi,\n\nPlease see the attached letter about our case "
                    f"study.\n\nThanks,\n{f['name'].split()[0]}\n")
            eml = make_eml(
                rng, idx, f, fname, data, mime, body=body, subject="Case study call - we will submit shortly"
            )
        else:
            gt_fields = {k: gt_value(f[k]) for k in ORDER}
            eml = make_eml(rng, idx, f, fname, data, mime)
        (out / f"{stem}.eml").write_bytes(eml)
        (out / f"{stem}.json").write_text(
            json.dumps(
                {
                    "id": f"v{idx:03d}",
                    "variant": variant,
                    "fields": gt_fields,
                    "problem_codes": problems,
                    "note": note,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    print(f"wrote {len(plan)} cases to {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/heldout9")
