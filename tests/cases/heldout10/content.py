"""What the people in the tenth held-out set write: submitters, their services and their answers.

Everything is fictional. One ``random.Random`` drives every choice, so a seed gives the same cases.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

KEYS: tuple[str, ...] = ("name", "job_title", "email", "organisation", "title", "summary",
                         "description", "lessons")

# The form's own labels (the call's schema), in the form's order.
LABELS: dict[str, str] = {
    "name": "Your name",
    "job_title": "Job title / position",
    "email": "Email address",
    "organisation": "Name of library service/local authority",
    "title": "Suggested title for case study",
    "summary": "Summary of case study (max 50 words)",
    "description": "Description of the project / initiative / approach (max 750 words)",
    "lessons": "Key lessons learned (max 100 words)",
}

# Help text printed under each label on the association's form (grey, italic).
GUIDANCE: dict[str, str] = {
    "name": "The person we should contact about this case study.",
    "job_title": "For example Library Services Manager.",
    "email": "We will send the acknowledgement to this address.",
    "organisation": "The council or library service that ran the project.",
    "title": "A short, descriptive title; we may edit it for publication.",
    "summary": "Two or three sentences that tell a busy reader what happened.",
    "description": "What you did, who was involved, what it cost and what changed. Please keep to 750 words.",
    "lessons": "What would you tell another service thinking of doing the same?",
}

FORM_TITLES: tuple[str, ...] = (
    "Libraries Connected: call for case studies",
    "Case study submission form \u2013 Library Services",
    "Libraries Connected \u2013 case study template 2027",
    "Call for case studies: public libraries at their best",
    "Sharing practice across library services: submission form",
    "Library Services case study form",
)

INTROS: tuple[str, ...] = (
    "Libraries Connected is gathering examples of public library services that have changed lives in "
    "their communities. Please answer every question below and return the completed form to "
    "casestudies@librariesconnected.org.uk by Friday 29 January 2027.",
    "Thank you for offering to share your work. The questions below follow the order of our published "
    "case studies. Answers may be edited for length before publication, and we will check any changes "
    "with you first.",
    "This form is for heads of service and their teams. It should take about twenty minutes. If a "
    "question does not apply to your project, leave it blank and tell us why in your covering email.",
    "We publish a selection of case studies each spring. Complete one form for each project; you can "
    "attach photographs separately.",
)

FIRST = ("Harriet", "Gareth", "Siân", "Eilidh", "Tomasz", "Priya", "Declan", "Rhiannon", "Oluwaseun",
         "Morag", "Callum", "Bethan", "Imran", "Niamh", "Josephine", "Ruairidh", "Keeley", "Anwen",
         "Desmond", "Farah", "Lowri", "Kwame", "Róisín", "Stuart")
LAST = ("Pennington", "Llewellyn", "MacAulay", "Okonkwo", "Brzezinski", "Varma", "Fitzgerald",
        "Ashworth", "Thorne", "Ellison", "Haddow", "Prothero", "Quigley", "Rahman", "Sutcliffe",
        "Whitcombe", "Abernethy", "Cadwaladr", "Mensah", "O'Driscoll", "Fairbairn", "Ibbotson")
JOBS = ("Head of Libraries", "Library Services Manager", "Service Development Librarian",
        "Principal Librarian, Community Engagement", "Libraries and Archives Manager",
        "Assistant Director, Culture and Libraries", "Reader Development Officer",
        "Head of Library, Heritage and Information Services", "Digital Inclusion Lead",
        "Senior Librarian (Children and Young People)", "Strategic Lead for Libraries")
# (service name, e-mail domain, place)
SERVICES: tuple[tuple[str, str, str], ...] = (
    ("Calderdale Libraries", "calderdale.gov.uk", "Halifax"),
    ("Conwy Library Service", "conwy.gov.uk", "Llandudno"),
    ("Moray Libraries", "moray.gov.uk", "Elgin"),
    ("Rotherham Libraries and Neighbourhood Hubs", "rotherham.gov.uk", "Rotherham"),
    ("Torfaen Libraries", "torfaen.gov.uk", "Pontypool"),
    ("Dorset Council Library Service", "dorsetcouncil.gov.uk", "Dorchester"),
    ("Libraries NI", "librariesni.org.uk", "Lisburn"),
    ("Wirral Libraries", "wirral.gov.uk", "Birkenhead"),
    ("North Yorkshire Libraries", "northyorks.gov.uk", "Northallerton"),
    ("Luton Culture Trust Libraries", "lutonculture.example.org.uk", "Luton"),
    ("Inverclyde Libraries", "inverclyde.gov.uk", "Greenock"),
    ("Shropshire Libraries", "shropshire.gov.uk", "Shrewsbury"),
    ("London Borough of Redbridge Libraries", "visionrcl.example.org.uk", "Ilford"),
    ("Cumberland Council Libraries", "cumberland.gov.uk", "Workington"),
)


@dataclass(frozen=True)
class Theme:
    """One kind of project: its titles, a summary, description paragraphs and lessons.

    ``{place}``, ``{service}``, ``{n}``, ``{pct}`` and ``{money}`` are filled per case.
    """

    titles: tuple[str, ...]
    summary: str
    paragraphs: tuple[str, ...]
    lessons: str


THEMES: tuple[Theme, ...] = (
    Theme(("Warm Welcome spaces in every branch", "Warm spaces that became community living rooms"),
          "Over one winter every branch in {place} offered a warm, free space with hot drinks and company. "
          "{n} people used them, and a third said it was their only social contact that week.",
          ("When energy prices rose in 2025 the council asked {service} to open warm spaces. We chose to "
           "make them welcoming rather than merely heated, with volunteers, board games and a kettle.",
           "Each branch set aside its quietest area and stocked it with donated armchairs. Adult social care "
           "and the credit union took turns to run drop-in advice sessions on Tuesday mornings.",
           "Over the winter {n} people visited at least once. A short survey found that {pct}% came back "
           "three or more times, and many borrowed books for the first time in years.",
           "The scheme cost {money}, mostly staff time and refreshments, funded from the council's "
           "household support allocation."),
          "Ask people what would make them stay, not just what would keep them warm. Partners will come "
          "if the space is already busy. Keep the offer simple enough to run on a quiet Tuesday."),
    Theme(("Code clubs for girls in branch libraries", "Teaching coding to girls aged 9 to 13"),
          "We ran weekly code clubs for girls aged 9 to 13 in four branches. {n} girls took part and "
          "{pct}% went on to choose computing at school.",
          ("Local schools told us that very few girls were choosing computing. {service} already had "
           "laptops from a digital inclusion grant, so we offered free after-school code clubs.",
           "Sessions used Scratch and micro:bit kits and were led by library staff trained by a local "
           "university. Older girls returned as helpers, which made the groups feel their own.",
           "Across two terms {n} girls attended, with an average of eleven at each session. Parents "
           "told us their daughters now saw the library as somewhere for them."),
          "Train staff rather than relying on outside tutors, so clubs survive when funding ends. Give "
          "returning children real responsibility. Start small and let word of mouth do the rest."),
    Theme(("Books on prescription with GP surgeries", "Reading Well in the waiting room"),
          "Working with six GP surgeries in {place}, we put Reading Well books into waiting rooms and "
          "trained receptionists to refer patients. Loans of the collection rose by {pct}%.",
          ("Reading Well collections were on our shelves but rarely borrowed. We asked the primary care "
           "network how patients with mild anxiety could find them at the right moment.",
           "{service} placed a small rotating collection in each surgery, with a library card form that "
           "receptionists could complete on the spot. Social prescribers joined our staff briefings.",
           "In the first year {n} patients joined through the surgeries, and loans of the collection "
           "rose by {pct}%. The network has since asked us to add a dementia collection."),
          "Health partners value a clear, simple referral route. Put the books where people already wait. "
          "Measure loans from the start so you can show the difference."),
    Theme(("A library of things for {place}", "Borrow, don't buy: our library of things"),
          "We lend drills, gazebos, sewing machines and carpet cleaners from two libraries in {place}. "
          "{n} loans in the first year saved residents an estimated {money}.",
          ("Residents told us that the cost of living made one-off purchases hard. A volunteer-led "
           "library of things in a neighbouring town showed us what was possible.",
           "{service} converted a former staff room into a store, bought eighty items with a climate "
           "grant, and used our existing library management system to lend them.",
           "In its first year the collection made {n} loans. A repair café now meets monthly in the same "
           "branch, and {pct}% of borrowers were new library members."),
          "Use the systems you already have. Choose items people need once a year, not once a week. "
          "Budget for maintenance and safety testing from day one."),
    Theme(("Home library service by volunteer drivers", "Bringing the library to housebound readers"),
          "Volunteer drivers now deliver books to {n} housebound readers across rural {place}. The "
          "service costs {money} a year and {pct}% of readers say it reduces their loneliness.",
          ("Our mobile library was withdrawn in 2024, leaving many older readers without access. "
           "{service} recruited volunteer drivers through the local volunteer centre.",
           "Staff choose books from each reader's profile, and volunteers deliver them every three weeks "
           "with a chat and a cup of tea. Safeguarding training is provided by the council.",
           "There are now {n} readers on the service. Most volunteers have stayed for more than a year, "
           "and several readers have joined our telephone reading group."),
          "Volunteers stay when they feel part of the team. The conversation matters as much as the books. "
          "Agree safeguarding procedures before the first delivery."),
    Theme(("Job clubs with the Department for Work and Pensions", "Job clubs in the library"),
          "Weekly job clubs run with Jobcentre Plus helped {n} people in {place} apply for work; {pct}% "
          "were in employment within six months.",
          ("Jobcentre work coaches were referring people to the library to use computers but staff had "
           "no time to help with applications. We proposed a joint weekly club instead.",
           "Work coaches and library staff now run sessions together in three branches of {service}, "
           "covering CVs, online applications and interview practice.",
           "Over eighteen months {n} people attended. Follow-up calls found that {pct}% were in work "
           "within six months, and the Jobcentre has extended the partnership."),
          "Joint sessions work better than referrals. Agree who does what before the first session. "
          "Record outcomes together so both partners can report them."),
    Theme(("Baby Bounce goes bilingual", "Rhymetimes in two languages"),
          "Our rhymetimes now run in English and Welsh in every branch. Attendance grew by {pct}% and {n} "
          "families joined the library for the first time.",
          ("Parents asked for more Welsh-language activities for young children. {service} had only one "
           "member of staff confident to lead a session in Welsh.",
           "We worked with the local Menter Iaith to train staff and volunteers, and produced a rhyme "
           "sheet in both languages so that parents could join in at home.",
           "Attendance across branches grew by {pct}% in a year, and {n} families joined for the first "
           "time. Staff confidence in using Welsh has grown too."),
          "Support staff to use the language they have, however little. Give families something to take "
          "home. Partners with language expertise make the difference."),
    Theme(("Digital skills for older residents", "Tablet lending and digital buddies"),
          "We lend tablets with data to older residents and pair them with digital buddies. {n} people "
          "have taken part and {pct}% now book GP appointments online.",
          ("Many older residents of {place} could not use online services that the council and NHS "
           "increasingly expect. {service} already ran informal computer help sessions.",
           "A grant of {money} paid for forty tablets with data. Each borrower is paired with a trained "
           "volunteer buddy for six weekly sessions at home or in the library.",
           "So far {n} people have borrowed a tablet. Most now use email and video calls, and {pct}% book "
           "GP appointments online."),
          "Lend the device and the confidence together. Buddies need training in patience as much as in "
          "technology. Keep the first goals personal, such as a video call with a grandchild."),
)


@dataclass(frozen=True)
class Answers:
    """One submitter's answers, keyed like the form; ``description`` keeps its paragraphs."""

    name: str
    job_title: str
    email: str
    organisation: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    lessons: str
    place: str
    domain: str

    @property
    def description(self) -> str:
        return "\n\n".join(self.paragraphs)

    def value(self, key: str) -> str:
        """The answer to the form question ``key`` as the truth file holds it."""
        return self.description if key == "description" else str(getattr(self, key))

    def fields(self, blank: frozenset[str] = frozenset()) -> dict[str, str | None]:
        """The truth file's ``fields``; keys in ``blank`` were left unanswered (``None``)."""
        return {k: (None if k in blank else self.value(k)) for k in KEYS}


def _ascii_local(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in plain.lower() if c.isalnum())


def make_answers(rng: random.Random) -> Answers:
    """A new submitter with a project; word limits of the form are kept."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    service, domain, place = rng.choice(SERVICES)
    theme = rng.choice(THEMES)
    values = {"place": place, "service": service, "n": str(rng.randrange(60, 1900)),
              "pct": str(rng.randrange(12, 71)), "money": f"\u00a3{rng.randrange(4, 90) * 1000:,}"}
    paragraphs = tuple(p.format(**values) for p in theme.paragraphs)
    answers = Answers(
        name=f"{first} {last}", job_title=rng.choice(JOBS),
        email=f"{_ascii_local(first)}.{_ascii_local(last)}@{domain}", organisation=service,
        title=rng.choice(theme.titles).format(**values), summary=theme.summary.format(**values),
        paragraphs=paragraphs, lessons=theme.lessons.format(**values), place=place, domain=domain)
    assert len(answers.summary.split()) <= 50 and len(answers.lessons.split()) <= 100
    assert len(answers.description.split()) <= 750
    return answers
