"""Held-out set 7: typing habits in plain-text / multipart-alternative case-study emails.

Seeded and deterministic. Writes vNNN-VARIANT.eml + .json into the folder given as the first
argument (default /tmp/heldout7). All people, councils and projects are invented.

Ground-truth decisions (also recorded in each case's "note"):
- Answers enclosed in quotes ("...") are delimited by the quotes; the quotes are not part of
  the answer.
- Bullet points in a description are kept as typed, marker included ("• ", "* ", "- "), each
  bullet its own paragraph (blank line between).
- A combined "Job title and organisation" line goes wholly into job_title; organisation is
  null and problem_codes is {"organisation": "missing"}.
- Covering letters before the form and "P.S." remarks after it are not part of any answer.
"""

from __future__ import annotations

import json
import random
import sys
import uuid
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

SEED = 7707
TO = "casestudies@librariesadvocacy.org.uk"
KEYS = ["name", "job_title", "email", "organisation", "title", "summary", "description", "lessons"]

FULL = {
    "name": "Your name",
    "job_title": "Job title / position",
    "email": "Email address",
    "organisation": "Name of library service/local authority",
    "title": "Suggested title for case study",
    "summary": "Summary of case study (max 50 words)",
    "description": "Description of the project / initiative / approach (max 750 words)",
    "lessons": "Key lessons learned (max 100 words)",
}
SHORT = {
    "name": "Name",
    "job_title": "Job title",
    "email": "Email",
    "organisation": "Organisation",
    "title": "Title",
    "summary": "Summary",
    "description": "Description",
    "lessons": "Lessons learned",
}

PEOPLE = [
    ("Marisol Penhallow", "Library Services Manager", "Brackenmoor Borough Council", "brackenmoor.gov.uk"),
    ("Oluwaseun Tregarth", "Community Engagement Librarian", "Fenwick Vale Libraries", "fenwickvale.gov.uk"),
    ("Ailsa McCorquodale", "Head of Libraries and Culture", "Dunmarrow Council", "dunmarrow.gov.uk"),
    (
        "Bartholomew Idowu-Finch",
        "Digital Inclusion Lead",
        "Harrowgate Ness Library Service",
        "harrowgateness.gov.uk",
    ),
    (
        "Priyanka Steadman",
        "Reader Development Officer",
        "Lowther Cross City Libraries",
        "lowthercross.gov.uk",
    ),
    (
        "Gethin Ashby-Rowe",
        "Service Development Manager",
        "Calderbrook Metropolitan Borough Council",
        "calderbrook.gov.uk",
    ),
    (
        "Niamh Oyelaran",
        "Principal Librarian, Children and Young People",
        "Westerleigh Libraries",
        "westerleigh.gov.uk",
    ),
    ("Tomasz Kettleby", "Libraries Operations Manager", "Saltmarsh District Council", "saltmarsh.gov.uk"),
    (
        "Rosalind Achterberg",
        "Libraries Partnership Officer",
        "Eastholme Library and Information Service",
        "eastholme.gov.uk",
    ),
    ("Desmond Fairweather", "Strategic Lead for Libraries", "Anyshire County Council", "anyshire.gov.uk"),
    ("Imogen Bukola Hart", "Learning and Skills Librarian", "Kingsferry Libraries", "kingsferry.gov.uk"),
    ("Callum Rasheed", "Heritage and Local Studies Manager", "Mardenfield Council", "mardenfield.gov.uk"),
]

PROJECTS = [
    (
        "Warm Spaces, Open Doors",
        "winter warm spaces",
        "residents facing high energy bills",
        "the public health team",
    ),
    (
        "Seed Library: growing with the community",
        "a seed library and growing club",
        "allotment holders and families",
        "the parks service",
    ),
    (
        "Code Club after dark",
        "evening coding clubs for teenagers",
        "young people aged 12 to 17",
        "a local software firm",
    ),
    (
        "Memory Cafés in the stacks",
        "monthly memory cafés",
        "people living with dementia and their carers",
        "the dementia action alliance",
    ),
    (
        "Job Shop Fridays",
        "a weekly job shop",
        "jobseekers and people returning to work",
        "the Jobcentre Plus partnership team",
    ),
    (
        "Books on Prescription 2.0",
        "an updated books on prescription scheme",
        "GP patients with mild anxiety",
        "the primary care network",
    ),
    (
        "Tiny Tales: baby rhyme time goes mobile",
        "pop-up rhyme times",
        "parents of babies under two",
        "the health visiting service",
    ),
    (
        "Repair Café at the Central Library",
        "a monthly repair café",
        "residents wanting to fix rather than replace",
        "the waste reduction team",
    ),
    (
        "Lend and Mend: a library of things",
        "a library of things",
        "households on low incomes",
        "a community interest company",
    ),
    (
        "Stories from the Shoreline",
        "an oral history project",
        "older residents of the harbour wards",
        "the county record office",
    ),
]

DATES = ["3rd March 2024", "14/09/2023", "1 April 2024", "22nd November 2023", "05/02/2024", "30 June 2023"]
MONEY = ["£4,500", "£12,750", "£820", "£38,000", "£1.2m", "£15k"]


def sentence_bank(rng: random.Random, proj: tuple[str, ...]) -> list[str]:
    title, what, who, partner = proj
    d1, d2 = rng.sample(DATES, 2)
    m1, m2 = rng.sample(MONEY, 2)
    n = rng.randint(120, 3400)
    return [
        f"We launched {what} on {d1}, aimed at {who}.",
        f"The idea came from conversations with {partner}, who had noticed that many people were not being "
        f"reached by existing services.",
        f"Funding of {m1} came from a combination of our own budget and a small grant.",
        f"Staff volunteered to lead sessions, and we trained {rng.randint(6, 40)} colleagues before the "
        f"first event.",
        f"By {d2} we had welcomed {n:,} people, many of whom had never used a library before.",
        f"Feedback forms showed that {rng.randint(70, 97)}% of participants would recommend the sessions to "
        f"a friend.",
        f"We also secured a further {m2} to extend the work into the next financial year.",
        "Volunteers from the Friends group helped with refreshments and with welcoming newcomers at the "
        "door.",
        "Promotion relied on word of mouth, posters in GP surgeries and a short item in the council "
        "newsletter.",
        f"Working closely with {partner} meant referrals came in both directions.",
        "We kept the sessions informal so that nobody felt they were being assessed or judged.",
        "Evaluation was light touch: a short survey, a few case stories and attendance figures.",
        "Some branches struggled at first because of staffing pressures, so we staggered the rollout.",
        "Councillors visited in the second month and asked for a report to the scrutiny committee.",
        "The local paper ran a feature, which brought a noticeable rise in enquiries the following week.",
        "We now plan to make the offer part of our core programme rather than a time-limited project.",
    ]


def make_description(rng: random.Random, proj: tuple[str, ...], n_paras: int = 4, per: int = 3) -> list[str]:
    bank = sentence_bank(rng, proj)
    paras = []
    idx = 0
    for _ in range(n_paras):
        paras.append(" ".join(bank[idx:idx + per]))
        idx += per
        if idx >= len(bank):
            idx = 0
    return paras


def make_summary(rng: random.Random, proj: tuple[str, ...]) -> str:
    title, what, who, partner = proj
    return (
        f"Our library service ran {what} for {who}, working with {partner}. "
        f"It reached {rng.randint(200, 2500):,} people in its first year and is now part of our core offer."
    )


def make_lessons(rng: random.Random, proj: tuple[str, ...]) -> str:
    title, what, who, partner = proj
    return rng.choice(
        [
            f"Start small and listen to {who}. A committed partner such as {partner} makes all the "
            f"difference. Keep evaluation simple.",
            "Informal settings build trust. Train staff early, and do not underestimate the value of tea and "
            "biscuits.",
            f"Partnership with {partner} opened doors. Be realistic about staff time, and share early wins "
            f"with councillors.",
        ]
    )


def wc(text: str) -> int:
    return len(text.split())


def base_case(rng: random.Random, i: int) -> tuple[dict[str, Any], list[str], tuple[str, ...]]:
    person = PEOPLE[i % len(PEOPLE)]
    proj = PROJECTS[i % len(PROJECTS)]
    name, job, org, dom = person
    first, last = name.split()[0], name.split()[-1]
    email = f"{first.lower()}.{last.lower()}@{dom}"
    paras = make_description(rng, proj, n_paras=rng.randint(3, 5), per=rng.randint(2, 3))
    fields = {
        "name": name, "job_title": job, "email": email, "organisation": org,
        "title": proj[0], "summary": make_summary(rng, proj),
        "description": "\n\n".join(paras), "lessons": make_lessons(rng, proj),
    }
    return fields, paras, proj


def greeting(rng: random.Random) -> str:
    return rng.choice(["Hello,", "Dear Helen,", "Hi there,", "Good morning,"])


def signoff(rng: random.Random, f: dict[str, Any]) -> str:
    first: str = f["name"].split()[0]
    return rng.choice(["Best wishes,", "Kind regards,", "Many thanks,"]) + "\n" + first


def build_eml(rng: random.Random, i: int, f: dict[str, Any], body: str, subject: str | None = None,
              html: Any = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = (
        f"{f['name'] or 'Library Staff'} <{f['email'] or 'staff@example.gov.uk'}>"
        if f.get("email")
        else "Jo Trelawny <jo.trelawny@pendlebury.gov.uk>"
    )
    msg["To"] = TO
    msg["Subject"] = subject or "Case study submission"
    dt = datetime(2025, 3, 3, 9, 0, tzinfo=UTC) + timedelta(hours=i * 7, minutes=i * 13)
    msg["Date"] = format_datetime(dt)
    msg["Message-ID"] = f"<{uuid.UUID(int=rng.getrandbits(128))}@heldout7.example>"
    msg.set_content(body, charset="utf-8")
    if html is not None:
        msg.add_alternative(html, subtype="html", charset="utf-8")
        msg.set_boundary(f"=_h7_{rng.getrandbits(64):016x}")
    return msg.as_bytes()


def to_html(body: str) -> str:
    import html as h
    parts = []
    for para in body.split("\n\n"):
        parts.append("<p>" + "<br>".join(h.escape(x) for x in para.split("\n")) + "</p>")
    return "<html><body>" + "".join(parts) + "</body></html>"


def answer_block(f: dict[str, Any], k: str, paras: list[str] | None = None) -> str:
    """Text of an answer as typed (multi-paragraph for description)."""
    if k == "description" and paras is not None:
        return "\n\n".join(paras)
    value: str = f[k]
    return value


# ---------------------------------------------------------------- renderers

def r_dotted(rng: random.Random, f: dict[str, Any], paras: list[str], labels: dict[str, str] = FULL) -> str:
    lines = []
    for k in KEYS:
        lab = labels[k]
        if k in ("description", "lessons", "summary") and rng.random() < 0.6:
            lines.append(f"{lab} " + "." * rng.randint(4, 12))
            lines.append(answer_block(f, k, paras))
        else:
            lines.append(f"{lab} " + "." * max(3, 44 - len(lab)) + " " + answer_block(f, k, paras))
        lines.append("")
    return "\n".join(lines)


def r_markdown(rng: random.Random, f: dict[str, Any], paras: list[str],
               labels: dict[str, str] = SHORT) -> str:
    out = []
    for k in KEYS:
        if k == "description":
            out.append(f"**{labels[k]}:**\n{answer_block(f, k, paras)}")
        else:
            out.append(f"**{labels[k]}:** {f[k]}")
    return "\n\n".join(out)


def r_arrow(rng: random.Random, f: dict[str, Any], paras: list[str], labels: dict[str, str] = SHORT) -> str:
    out = []
    for k in KEYS:
        if k == "description":
            out.append(f"{labels[k]} =>\n{answer_block(f, k, paras)}")
        else:
            out.append(f"{labels[k]} => {f[k]}")
    return "\n".join(out[:5]) + "\n\n" + "\n\n".join(out[5:])


def r_tab(rng: random.Random, f: dict[str, Any], paras: list[str], labels: dict[str, str] = FULL) -> str:
    out = []
    for k in KEYS:
        out.append(f"{labels[k]}\t{answer_block(f, k, paras)}")
    return "\n\n".join(out)


def r_lower_lines(rng: random.Random, f: dict[str, Any], paras: list[str],
                  labels: dict[str, str] = SHORT) -> str:
    out = []
    for k in KEYS:
        if f[k] is None:
            continue
        out.append(f"{labels[k].lower()}\n{answer_block(f, k, paras)}")
    return "\n\n".join(out)


def r_colon(rng: random.Random, f: dict[str, Any], paras: list[str], labels: dict[str, str] = FULL,
            order: list[str] = KEYS, skip: tuple[str, ...] = ()) -> str:
    out = []
    for k in order:
        if k in skip:
            continue
        if k == "description":
            out.append(f"{labels[k]}:\n{answer_block(f, k, paras)}")
        else:
            out.append(f"{labels[k]}: {f[k]}")
    return "\n\n".join(out)


def r_quoted(rng: random.Random, f: dict[str, Any], paras: list[str], labels: dict[str, str] = FULL) -> str:
    out = []
    for k in KEYS:
        if k == "description":
            qp = list(paras)
            qp[0] = '"' + qp[0]
            qp[-1] = qp[-1] + '"'
            out.append(f"{labels[k]}:\n" + "\n\n".join(qp))
        else:
            out.append(f'{labels[k]}: "{f[k]}"')
    return "\n\n".join(out)


COVER = [
    "Thank you for the invitation to contribute to the association's collection of case studies. "
    "Our team has talked about this for some weeks and we are delighted to have something to share. "
    "Please note that the figures below were agreed with our finance colleagues on 12/02/2025.",
    "By way of background, the service has been through a difficult period, with a restructure in 2023 and "
    "a budget reduction of around £250,000. Despite this, staff have been keen to try new things, and this "
    "project is one we are especially proud of. The description below is my own summary of the work.",
    "If you need photographs or a quote from a participant, I would be happy to provide them. "
    "I am on leave from 24th March until 2nd April, but my colleague can answer any questions in my absence. "
    "The completed form is set out below.",
]


PS_LINES = [
    "P.S. Apologies for the late submission - the form was stuck in my drafts over the weekend.",
    "P.S. We have photographs of the sessions if they would be useful for the website.",
    "P.P.S. Please let me know if any of the answers are too long and I will trim them.",
]


def main(argv: list[str] | None = None) -> None:
    argv = argv if argv is not None else sys.argv[1:]
    out = Path(argv[0] if argv else "/tmp/heldout7")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    cases: list[tuple[str, bytes, dict[str, Any]]] = []

    def add(variant: str, body: str, f: dict[str, Any], problems: dict[str, str] | None = None,
            note: str = "", subject: str | None = None, html: Any = False) -> None:
        i = len(cases) + 1
        raw = build_eml(rng, i, f if f.get("email") else {"name": None, "email": None}, body,
                        subject=subject, html=to_html(body) if html else None)
        truth = {"id": f"v{i:03d}", "variant": variant, "fields": {k: f.get(k) for k in KEYS},
                 "problem_codes": problems or {}, "note": note}
        cases.append((f"v{i:03d}-{variant}", raw, truth))

    def wrap(rng: random.Random, f: dict[str, Any], form: str, pre: str = "", post: str = "") -> str:
        parts = [greeting(rng)]
        if pre:
            parts.append(pre)
        else:
            parts.append(
                rng.choice(
                    [
                        "Please find our case study below.",
                        "Here is our submission for the case study call.",
                        "I am pleased to send our case study.",
                    ]
                )
            )
        parts.append(form)
        parts.append(signoff(rng, f))
        if post:
            parts.append(post)
        return "\n\n".join(parts) + "\n"

    n = 0

    def nxt() -> tuple[dict[str, Any], list[str], tuple[str, ...]]:
        nonlocal n
        f, paras, proj = base_case(rng, n)
        n += 1
        return f, paras, proj

    # 1-3 dotted leaders
    for j in range(3):
        f, paras, _ = nxt()
        labels = FULL if j != 1 else SHORT
        add(
            "dotted_leaders",
            wrap(rng, f, r_dotted(rng, f, paras, labels)),
            f,
            note="labels followed by dotted leaders ('Your name ........ Jane'); long answers sometimes on "
                 "next lines",
            html=(j == 2),
        )
    # 4-6 markdown bold
    for j in range(3):
        f, paras, _ = nxt()
        add("markdown_bold", wrap(rng, f, r_markdown(rng, f, paras, SHORT if j < 2 else FULL)), f,
            note="Markdown-ish '**Label:** value'", html=(j == 1))
    # 7-8 arrow
    for j in range(2):
        f, paras, _ = nxt()
        add("arrow_sep", wrap(rng, f, r_arrow(rng, f, paras, SHORT if j == 0 else FULL)), f,
            note="'Label => value' separator")
    # 9-10 tab
    for j in range(2):
        f, paras, _ = nxt()
        add("tab_sep", wrap(rng, f, r_tab(rng, f, paras, FULL if j == 0 else SHORT)), f,
            note="label followed by a TAB then the answer, same line")
    # 11-12 covering letter
    for j in range(2):
        f, paras, _ = nxt()
        pre = "\n\n".join(COVER)
        form = r_colon(rng, f, paras) if j == 0 else r_dotted(rng, f, paras)
        add(
            "covering_letter",
            wrap(rng, f, form, pre=pre),
            f,
            note="3-paragraph covering letter (with dates and £) before the form; it is not part of any "
                 "answer",
        )
    # 13-14 P.S.
    for j in range(2):
        f, paras, _ = nxt()
        post = "\n\n".join(PS_LINES[: 2 + j])
        add("ps_after", wrap(rng, f, r_colon(rng, f, paras, SHORT if j else FULL), post=post), f,
            note="P.S./P.P.S. remarks after the sign-off are not part of any answer")
    # 15-17 bullets
    for j, mark in enumerate(["• ", "* ", "- "]):
        f, paras, proj = nxt()
        bank = sentence_bank(rng, proj)
        bullets = [mark + s for s in bank[3:8]]
        dparas = [paras[0]] + bullets + [paras[-1]]
        f["description"] = "\n\n".join(dparas)
        add(
            "bullets",
            wrap(rng, f, r_colon(rng, f, dparas, FULL if j != 1 else SHORT)),
            f,
            note=f"description has bullet points ('{mark.strip()}') each its own paragraph; markers kept as "
                 f"typed",
            html=(j == 2),
        )
    # 18-19 quoted answers
    for _j in range(2):
        f, paras, _ = nxt()
        add("quoted_answers", wrap(rng, f, r_quoted(rng, f, paras)), f,
            note="answers enclosed in double quotes; the quotes delimit the answer and are not part of it")
    # 20-21 lowercase label lines
    for j in range(2):
        f, paras, _ = nxt()
        add("lowercase_label_lines", wrap(rng, f, r_lower_lines(rng, f, paras, SHORT if j == 0 else FULL)), f,
            note="lowercase labels, no punctuation, alone on their own line; answer on following lines")
    # 22-23 british dates and money
    for j in range(2):
        f, paras, proj = nxt()
        f["title"] = f"{proj[0]} ({rng.choice(DATES)})"
        f["summary"] = (f"Between {DATES[j]} and {DATES[j + 2]} we spent {MONEY[j]} on {proj[1]}, "
                        f"saving an estimated {MONEY[j + 2]} for partners.")
        f["lessons"] = (
            f"Budget {MONEY[j + 3]} more than you expect. Book rooms before 1st September. Review on 31/03 "
            f"each year."
        )
        add("british_dates_money", wrap(rng, f, r_colon(rng, f, paras, SHORT if j else FULL)), f,
            note="British dates (14/09/2023, 3rd March 2024) and £ amounts inside answers", html=(j == 1))
    # 24-26 reordered
    orders = [
        ["title", "summary", "description", "lessons", "name", "job_title", "email", "organisation"],
        ["email", "organisation", "name", "lessons", "summary", "title", "job_title", "description"],
        ["description", "title", "name", "summary", "organisation", "lessons", "email", "job_title"],
    ]
    for j, order in enumerate(orders):
        f, paras, _ = nxt()
        body = (
            r_colon(rng, f, paras, FULL if j != 1 else SHORT, order=order) if j < 2 else r_tab(rng, f, paras)
        )
        if j == 2:
            body = "\n\n".join(f"{FULL[k]}\t{answer_block(f, k, paras)}" for k in order)
        add("reordered", wrap(rng, f, body), f, note="fields in a completely different order from the form")
    # 27 combined job title + organisation
    f, paras, _ = nxt()
    f["name"], f["email"] = "Desmond Fairweather", "desmond.fairweather@anyshire.gov.uk"
    f["job_title"] = "Head of Libraries, Anyshire County Council"
    f["organisation"] = None
    order = ["name", "job_title", "email", "title", "summary", "description", "lessons"]
    labs = dict(FULL)
    labs["job_title"] = "Job title and organisation"
    add("jobtitle_org_combined", wrap(rng, f, r_colon(rng, f, paras, labs, order=order)), f,
        problems={"organisation": "missing"},
        note="decision: 'Job title and organisation' line goes wholly into job_title; organisation null and "
             "reported missing")
    # 28 missing summary
    f, paras, _ = nxt()
    f["summary"] = None
    add("missing_summary", wrap(rng, f, r_colon(rng, f, paras, skip=("summary",))), f,
        problems={"summary": "missing"}, note="summary question omitted entirely")
    # 29 description 800 words
    f, paras, proj = nxt()
    bank = sentence_bank(rng, proj)
    long_paras: list[str] = []
    k = 0
    while wc("\n\n".join(long_paras)) < 790:
        long_paras.append(" ".join(bank[(k + x) % len(bank)] for x in range(4)))
        k += 3
    text = "\n\n".join(long_paras)
    words = text.split()
    while len(words) > 800:
        long_paras[-1] = " ".join(long_paras[-1].split()[:-1])
        text = "\n\n".join(long_paras)
        words = text.split()
    if not long_paras[-1].endswith("."):
        long_paras[-1] += "."
    f["description"] = "\n\n".join(long_paras)
    assert 750 < wc(f["description"]) <= 801, wc(f["description"])
    add("over_desc", wrap(rng, f, r_markdown(rng, f, long_paras, SHORT)), f,
        problems={"description": "over_word_limit"}, note=f"description of {wc(f['description'])} words")
    # 30-31 non-submissions
    null = {k: None for k in KEYS}
    q = (
        "Hello,\n\nBefore we put our case study together - is there a deadline for submissions, and can the "
        "description include photographs? Also, would a project that finished on 31/01/2025 still be "
        "eligible?\n\n"
        "Thanks,\nJo Trelawny\nLibrary Development Officer, Pendlebury Libraries\n"
    )
    add("nonsub_question", q, null, subject="Quick question about the case study call",
        note="not a submission: a question about the call")
    r = (
        "Hi Helen,\n\nThanks for the reminder! We haven't forgotten - I'll send our case study over next "
        "week "
        "once our manager has signed it off.\n\nBest,\nJo\n"
    )
    add("nonsub_reminder_reply", r, null, subject="Re: Reminder: case study submissions",
        note="not a submission: 'thanks for the reminder, will send it next week'")

    for stem, raw, truth in cases:
        f = truth["fields"]
        if f["summary"] and "summary" not in truth["problem_codes"]:
            assert wc(f["summary"]) <= 50, stem
        if f["lessons"]:
            assert wc(f["lessons"]) <= 100, stem
        if f["description"] and "description" not in truth["problem_codes"]:
            assert wc(f["description"]) <= 750, stem
        (out / f"{stem}.eml").write_bytes(raw)
        (out / f"{stem}.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
