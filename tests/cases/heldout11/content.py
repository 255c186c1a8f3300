"""What the eleventh held-out set says: fictional people, library services, projects, the form's
labels (several wordings), covering notes, signatures and the call the submitters reply to.

Everything here is invented; the places are made up so that no real council is described.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

KEYS = ("name", "job_title", "email", "organisation", "title", "summary", "description", "lessons")
LONG_KEYS = ("summary", "description", "lessons")
LIMITS = {"summary": 50, "description": 750, "lessons": 100}

CALL_ADDRESS = "casestudies@libraryleaders.example.org"
CALL_FROM = f"Case Studies Team <{CALL_ADDRESS}>"

# Each wording set labels all eight questions; set 0 is the form's own wording.
LABEL_SETS: tuple[dict[str, str], ...] = (
    {"name": "Your name", "job_title": "Job title / position", "email": "Email address",
     "organisation": "Name of library service/local authority",
     "title": "Suggested title for case study", "summary": "Summary of case study (max 50 words)",
     "description": "Description of the project / initiative / approach (max 750 words)",
     "lessons": "Key lessons learned (max 100 words)"},
    {"name": "Name", "job_title": "Job title", "email": "E-mail address",
     "organisation": "Library service / local authority", "title": "Suggested title",
     "summary": "Summary (maximum 50 words)", "description": "Description (maximum 750 words)",
     "lessons": "Key lessons learned (maximum 100 words)"},
    {"name": "Your name", "job_title": "Position", "email": "Email",
     "organisation": "Library service or local authority", "title": "Suggested case study title",
     "summary": "Summary of case study (50 words max)",
     "description": "Description of the project/initiative/approach (750 words max)",
     "lessons": "Key lessons learned (100 words max)"},
)


@dataclass(frozen=True)
class Service:
    """A fictional library service: its name on the form, the council, the mail domain."""

    organisation: str
    council: str
    domain: str


SERVICES = (
    Service("Harrowdale Libraries", "Harrowdale Borough Council", "harrowdale.gov.uk"),
    Service("Kestrel Vale Library Service", "Kestrel Vale District Council", "kestrelvale.gov.uk"),
    Service("Brackenford Libraries and Archives", "Brackenford City Council", "brackenford.gov.uk"),
    Service("Saltmarsh Libraries", "Saltmarsh Metropolitan Borough Council", "saltmarsh.gov.uk"),
    Service("Wyndham Cross Library Service", "Wyndham Cross County Council", "wyndhamcross.gov.uk"),
    Service("Elmridge Libraries", "Elmridge Council", "elmridge.gov.uk"),
    Service("Thornbury Fen Libraries", "Thornbury Fen District Council", "thornburyfen.gov.uk"),
    Service("Ashcombe Library and Information Service", "Ashcombe County Council", "ashcombe.gov.uk"),
    Service("Cwm Aderyn Libraries", "Cyngor Cwm Aderyn", "cwmaderyn.gov.wales"),
    Service("Loch Feàrna Libraries", "Loch Feàrna Council", "lochfearna.gov.scot"),
)

FIRST = ("Siân", "Marguerite", "Tobias", "Ifeoma", "Dónal", "Priya", "Zoë", "Gareth", "Anaïs",
         "Bríd", "Callum", "Rosalind", "Kwame", "Eluned", "Hamish", "Noor", "Oskar", "Thea")
LAST = ("Penhallow", "Arkwright", "Quennell", "Oduya", "Ní Bhraonáin", "Castellane", "Tregarthen",
        "Mbeki-Ross", "Lindqvist", "Fairweather", "Dunmore", "Okonkwo", "Varga", "Pellow",
        "Strachan", "Haldane", "Ashdown", "Merriweather")
JOBS = ("Head of Libraries", "Head of Library Services", "Libraries and Culture Manager",
        "Head of Libraries, Archives and Heritage", "Library Services Manager",
        "Assistant Director, Libraries and Communities", "Principal Librarian",
        "Head of Libraries and Customer Services")


@dataclass(frozen=True)
class Project:
    """One case study's words; the description as its paragraphs."""

    title: str
    summary: str
    description: tuple[str, ...]
    lessons: str


PROJECTS = (
    Project(
        "Warm Spaces, Open Doors: libraries through the winter",
        "Twelve libraries opened as warm spaces from November to March, with longer hours, hot drinks "
        "and advice sessions. 4,300 visits were recorded and 610 residents were referred to energy "
        "and debt advice.",
        ("When energy prices rose sharply, the council asked every service how it could help residents "
         "through the winter. Libraries were already trusted, heated and open in every town, so we "
         "offered to act as the council’s network of warm spaces.",
         "We extended opening hours in twelve branches, bought urns and reusable cups with a small "
         "public health grant of £18,500 and trained 46 staff and volunteers to have “warm "
         "conversations” that could lead to referrals. Energy advisers from a local charity ran "
         "weekly drop-ins, and the welfare rights team held surgeries in the four busiest libraries.",
         "Over the winter we recorded 4,300 visits. 610 residents were referred to energy or debt "
         "advice, and the charity reported that libraries generated more referrals than any other "
         "partner. Many visitors came back for other services – job clubs, digital help and reading "
         "groups – and 380 joined the library for the first time.",
         "The work changed how the council sees us. Libraries are now named in the anti-poverty "
         "strategy, and the warm spaces budget has been made permanent."),
        "Trusted public buildings are a natural base for crisis support. Train staff for the "
        "conversations, not just the service. Count referrals as well as visits – that is the figure "
        "partners and councillors ask for."),
    Project(
        "Stories on the Move: a library bus for rural families",
        "A converted minibus takes story times, books and baby rhyme sessions to 19 villages without "
        "a library. In its first year it reached 1,150 children under five and doubled library "
        "membership among rural families.",
        ("Nearly a third of families with young children in the district live more than five miles "
         "from a library, and bus services have been cut. Our early years team asked us whether "
         "libraries could go to the families instead.",
         "With £42,000 from the council’s rural fund we converted a minibus, fitted it with shelving, "
         "soft seating and a tablet for joining on the spot. Two library assistants and a volunteer "
         "driver visit village halls, playgroups and school gates on a fortnightly timetable agreed "
         "with parish councils.",
         "In the first year the bus made 412 visits and reached 1,150 children under five. Library "
         "membership among rural families doubled, and health visitors now give the timetable to "
         "every new parent. Parents told us the sessions were “the only place we meet other "
         "mums and dads”."),
        "Ask parish councils to help set the timetable; they know when families are about. Keep the "
        "offer simple and reliable. Joining on the spot matters more than the number of books carried."),
    Project(
        "Digital Champions in every branch",
        "We recruited and trained 64 volunteer digital champions who give one-to-one help in 15 "
        "libraries. 2,700 residents were helped with online forms, scams awareness and video calls, "
        "and the council’s contact centre saw fewer calls.",
        ("The council moved most of its services online, but one in six adults in the borough had "
         "never used the internet. Residents came to libraries for help, and staff could not always "
         "give the time needed.",
         "We worked with the local volunteer centre to recruit digital champions, many of them "
         "retired, and trained them over three sessions in patience, privacy and safeguarding. Each "
         "branch has a weekly “Ask a Champion” hour, and champions keep a simple log of what they "
         "helped with.",
         "In eighteen months 64 champions helped 2,700 residents. The most common requests were "
         "council tax accounts, blue badge forms, spotting scams and setting up video calls with "
         "family. The contact centre reported a 9% fall in calls asking for help with online forms.",
         "Several champions have since become library volunteers in other roles, and two now work "
         "for the service."),
        "Volunteers need good training and a clear boundary: help people to do it themselves, never do "
        "it for them. A simple log gives evidence to partners. Say thank you often."),
    Project(
        "The Reading Well Garden",
        "Volunteers turned an unused courtyard into a reading garden for wellbeing groups, with "
        "raised beds, a sheltered reading corner and monthly events. 38 groups used it in its first "
        "season.",
        ("Behind our central library was a paved courtyard used only for bins. The mental health "
         "trust and two community groups wanted a calm outdoor space for their members, and the "
         "library wanted to do more with its Reading Well collection.",
         "A local housing association gave £9,800 and its apprentices built raised beds and a "
         "covered reading corner. Volunteers from a gardening club planted it, and we run monthly "
         "events: poetry readings, mindful walks, seed swaps and a “books and biscuits” afternoon.",
         "In its first season 38 groups used the garden, and the mental health trust now holds its "
         "peer support meetings there in the summer. Loans of the Reading Well books rose by 41%."),
        "Small spaces can make a big difference. Let partners shape the space from the start. Plan "
        "for watering in August – volunteers go on holiday too."),
    Project(
        "Libraries for Work: job clubs with the Jobcentre",
        "Weekly job clubs run with Jobcentre work coaches in six libraries helped 890 jobseekers "
        "with CVs, applications and interviews. 212 people found work, and the model has been "
        "adopted across the county.",
        ("Unemployment in three of our towns was well above the regional average, and the Jobcentre "
         "had closed its office in two of them. Work coaches were looking for places to meet "
         "customers near their homes.",
         "We offered meeting rooms and public computers in six libraries at no cost, and library "
         "staff ran sessions on CVs, online applications and interview practice alongside the work "
         "coaches. Customers could also use the printers free of charge for job applications.",
         "Over two years 890 jobseekers took part, and 212 found work within six months. The "
         "Jobcentre has asked us to extend the clubs to every town library, and the county’s "
         "employment strategy now names libraries as delivery partners.",
         "The arrangement also brought new users: a third of job club members borrowed books or "
         "joined a reading group."),
        "Offer what libraries already have – space, computers, trusted staff – and let partners bring "
        "their expertise. Agree data sharing early. Keep the welcome informal."),
    Project(
        "Welcome Here: libraries of sanctuary",
        "Our libraries became the first in the region to be recognised as Libraries of Sanctuary. "
        "Conversation cafés, dual-language story times and help with forms supported 520 refugees and "
        "asylum seekers in a year.",
        ("The city has welcomed families from Syria, Afghanistan, Ukraine and Hong Kong in recent "
         "years. Many arrived with little English and no knowledge of local services, and "
         "community groups told us libraries felt like safe, neutral places.",
         "We worked towards the Libraries of Sanctuary award with the local refugee forum. Staff "
         "were trained in trauma-informed practice, we bought books in eleven languages and set up "
         "weekly conversation cafés led by volunteers. Dual-language story times are run by parents "
         "themselves.",
         "In the first year 520 refugees and asylum seekers used the cafés or the help-with-forms "
         "sessions, and 140 went on to ESOL classes. The award has helped us make the case for "
         "continued funding from the resettlement programme."),
        "Listen to community groups before planning anything. Parents leading story times in their own "
        "languages builds confidence on both sides. Recognition schemes help to win funding."),
    Project(
        "Memory Lane: dementia-friendly libraries",
        "All 22 libraries became dementia friendly, with trained staff, memory boxes and monthly "
        "singing groups. Carers said the libraries were one of the few places they felt welcome "
        "together.",
        ("The number of residents living with dementia in the county is expected to rise by a "
         "third by 2030. The carers’ centre told us that families often stop going out because they "
         "worry about how people will react.",
         "Every member of staff completed Dementia Friends training, and we worked with the memory "
         "service to make simple changes to signage and seating. Volunteers put together 60 memory "
         "boxes on local themes – the docks, the mills, seaside holidays – which care homes and "
         "families can borrow. Monthly singing groups meet in eight libraries.",
         "Over 1,900 people attended singing groups in the first year. The memory boxes were "
         "borrowed 480 times, and the carers’ centre now refers families to the library as a "
         "matter of course."),
        "Small changes to the building matter as much as training. Local themes make memory boxes "
        "work. Involve carers from the start, and keep sessions at the same time every month."),
    Project(
        "Code Club Saturdays",
        "Volunteers from a local software firm run Saturday coding clubs for 9-13 year olds in four "
        "libraries. 300 children took part, 45% of them girls, and the firm now sponsors the "
        "libraries’ laptops.",
        ("Schools in the area told us they struggled to offer computing beyond the curriculum, and "
         "families could not afford private clubs. A software firm that had moved into the town "
         "wanted to support the community.",
         "The firm’s staff volunteer on Saturday mornings, using free materials from Code Club. We "
         "provide the rooms, publicity and a library assistant at each session, and the firm "
         "bought 30 laptops that are also used for adult digital skills during the week.",
         "Over the year 300 children took part, 45% of them girls. Twelve young people went on to "
         "help run the sessions themselves, and the firm has agreed to fund the clubs for another "
         "three years."),
        "Businesses want to help but need a simple, well-organised offer. Make equipment serve more "
        "than one purpose. Young volunteers are the best recruiters."),
)

# Paragraphs that push a description over 750 words when the case needs it.
FILLER = (
    "We kept a careful record of every session, including the number of people attending, the "
    "questions they asked and what happened next. This took time, but it gave us evidence that "
    "partners trusted, and it helped staff see the difference their work was making. Every quarter "
    "we shared a short report with partners and councillors, with figures, photographs and one or "
    "two stories in the words of the people who took part.",
    "Staffing was the hardest part. Several branches are run by one or two people, and taking on "
    "something new meant finding cover, changing rotas and sometimes saying no to other requests. "
    "We agreed with the unions that the work would be voluntary for staff, and in the end almost "
    "everyone wanted to be involved once they saw the response from the public.",
    "Publicity mattered more than we expected. Posters in the libraries reached existing users, but "
    "the people we most wanted to reach heard about the project through health visitors, food "
    "banks, faith groups and word of mouth. We made short videos with participants who were happy "
    "to take part and shared them through partners' social media accounts rather than our own.",
    "We also thought about what would happen when the first funding ended. From the beginning we "
    "built the costs into the service plan, agreed with partners which parts they would pay for, "
    "and kept the model simple enough that it could continue with the staff we already had. That "
    "planning meant there was no gap when the grant ran out.",
)

EXTRA_SUMMARY = (" The project has been evaluated by the university, shared at two regional events and "
                 "is now being copied by three neighbouring authorities, who visited us to see it.")
EXTRA_LESSONS = (" We would also say that it is worth investing in evaluation from the very beginning, "
                 "because the figures you collect in the first month are the ones you will need when "
                 "councillors ask whether the work should continue, and it is much harder to gather "
                 "them afterwards. Finally, celebrate success with staff and volunteers, and share the "
                 "credit with every partner who helped.")


def words(text: str) -> int:
    """Whitespace-separated words, as the form's limits count them."""
    return len(text.split())


@dataclass
class Person:
    """The submitter."""

    first: str
    last: str
    job: str
    service: Service

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def address(self) -> str:
        local = f"{self.first}.{self.last}".lower().replace(" ", "").replace("'", "")
        return ascii_fold(local) + "@" + self.service.domain


def ascii_fold(text: str) -> str:
    """``text`` with accents dropped, for mail addresses."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass
class Submission:
    """A filled form: the answers (``None`` where left blank), their problems, the labels used."""

    person: Person
    answers: dict[str, str | None]
    problems: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=lambda: dict(LABEL_SETS[0]))

    def paragraphs(self, key: str) -> list[str]:
        """The answer's paragraphs; empty for a blank answer."""
        value = self.answers[key]
        return value.split("\n\n") if value else []


def make_submission(rng: random.Random, *, problem: str | None = None, labels: int | None = None,
                    straight: bool = False) -> Submission:
    """A clean form, or one with ``problem`` ("missing:KEY", "over:KEY", "invalid") made on purpose.
    ``straight`` keeps the text within Latin-1 (no curly quotes or dashes)."""
    service = rng.choice(SERVICES)
    person = Person(rng.choice(FIRST), rng.choice(LAST), rng.choice(JOBS), service)
    project = rng.choice(PROJECTS)
    description = list(project.description)
    answers: dict[str, str | None] = {
        "name": person.name, "job_title": person.job, "email": person.address,
        "organisation": service.organisation, "title": project.title, "summary": project.summary,
        "description": "\n\n".join(description), "lessons": project.lessons}
    problems: dict[str, str] = {}
    if problem and problem.startswith("missing:"):
        key = problem.split(":")[1]
        answers[key] = None
        problems[key] = "missing"
    elif problem and problem.startswith("over:"):
        key = problem.split(":")[1]
        answers[key] = _overlong(key, answers[key] or "", rng)
        problems[key] = "over_word_limit"
    elif problem == "invalid":
        answers["email"] = rng.choice((
            f"{person.first.lower()}.{person.last.lower()}@{service.domain.split('.')[0]}",
            f"{ascii_fold(person.first).lower()} at {service.domain}",
            f"{ascii_fold(person.first).lower()}.{ascii_fold(person.last).lower()}@@{service.domain}"))
        problems["email"] = "invalid"
    if straight:
        answers = {k: (straighten(v) if v else v) for k, v in answers.items()}
    for key, limit in LIMITS.items():
        value = answers[key]
        over = value is not None and words(value) > limit
        assert over == (problems.get(key) == "over_word_limit"), key
    chosen = LABEL_SETS[labels if labels is not None else rng.randrange(len(LABEL_SETS))]
    return Submission(person, answers, problems, dict(chosen))


def _overlong(key: str, value: str, rng: random.Random) -> str:
    """``value`` made longer than its limit by a clear margin (the limit plus five words)."""
    if key in ("summary", "lessons"):
        extra = EXTRA_SUMMARY if key == "summary" else EXTRA_LESSONS
        while words(value) <= LIMITS[key] + 5:
            value += extra
        return value
    paras = value.split("\n\n")
    filler = list(FILLER)
    rng.shuffle(filler)
    i = 0
    while words("\n\n".join(paras)) <= 760:
        paras.insert(len(paras) - 1, filler[i % len(filler)])
        i += 1
    return "\n\n".join(paras)


_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                           "\u2014": "-"})


def straighten(text: str) -> str:
    """``text`` with curly quotes and dashes made ASCII."""
    return text.translate(_STRAIGHT)


GREETINGS = ("Dear Case Studies Team,", "Hello,", "Hi there,", "Dear colleagues,", "Good morning,")
NOTES = (
    "Please find our case study submission below.",
    "Here is our submission for the case studies call. Do let me know if you need anything else.",
    "I am pleased to send our case study, with thanks for the opportunity.",
    "Our entry for the call is below - happy to provide photographs if useful.",
)
ATTACH_NOTES = (
    "Please find our completed case study form attached.",
    "Attached is our submission for the case studies call.",
    "I attach the completed form. Apologies that it is a day or two later than planned.",
    "Our case study is in the attached document. Please let me know if it does not open.",
)
SIGNOFFS = ("Best wishes,", "Kind regards,", "Many thanks,", "Regards,", "With best wishes,")


def signature(person: Person) -> list[str]:
    """A council signature block: name, job, council, phone, disclaimer."""
    return [person.name, person.job, person.service.council,
            f"Tel: 01632 {abs(hash_name(person.name)) % 900000 + 100000}",
            f"www.{person.service.domain}", "",
            "This email and any attachments are confidential and intended for the addressee only. "
            f"If you have received it in error please tell the sender. {person.service.council} "
            "may monitor email traffic."]


def hash_name(text: str) -> int:
    """A stable number from ``text`` (Python's ``hash`` is salted per process)."""
    value = 0
    for ch in text:
        value = (value * 131 + ord(ch)) % 1_000_003
    return value


CALL_BODY = (
    "Dear colleagues,\n\n"
    "We are collecting case studies that show the difference libraries make, to support our "
    "advocacy with national government. Please complete the form below, either in the body of an "
    "email or by returning the attached Word form, by 31 March.\n\n"
    + "\n".join(LABEL_SETS[0][k] + ":" for k in KEYS)
    + "\n\nWith thanks,\nThe Case Studies Team\n")
