"""What people type in the body of a message: covering notes, the form typed out, numbered answers,
contact lines, sign-offs and signatures, questions and auto-replies.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from tests.cases.heldout10.content import KEYS, LABELS, Answers

INBOX = "Libraries Connected Case Studies <casestudies@librariesconnected.org.uk>"
SHORT = frozenset({"name", "job_title", "email", "organisation", "title"})


def phone(rng: random.Random, mobile: bool) -> str:
    """A number from Ofcom's ranges kept for drama (never a real line)."""
    return f"07700 900{rng.randrange(0, 1000):03d}" if mobile else f"01632 960{rng.randrange(0, 1000):03d}"


def first_name(answers: Answers) -> str:
    return answers.name.split()[0]


def sign_off(rng: random.Random, answers: Answers) -> str:
    return rng.choice(("Kind regards", "Best wishes", "Many thanks", "Regards", "Diolch")) + \
        f",\n{first_name(answers)}\n"


def signature(rng: random.Random, answers: Answers) -> str:
    """A signature block as mail programs append it, after the "-- " line."""
    lines = [answers.name, answers.job_title, answers.organisation,
             f"Tel: {phone(rng, False)}", answers.email]
    return "-- \n" + "\n".join(lines) + "\n"


def covering_note(rng: random.Random, answers: Answers, what: str) -> str:
    opener = rng.choice(("Hello,", "Dear colleagues,", "Hi there,", "Good afternoon,"))
    line = rng.choice((f"Please find attached our completed {what} for the call for case studies.",
                       f"I attach {answers.organisation}'s {what}; I hope it is in the format you need.",
                       f"Our {what} is attached. Do let me know if anything is unclear."))
    return f"{opener}\n\n{line}\n\n{sign_off(rng, answers)}\n{signature(rng, answers)}"


def labelled(answers: Answers, *, labels: Mapping[str, str] = LABELS, blank: frozenset[str] = frozenset(),
             after: Mapping[str, str] | None = None) -> str:
    """The form typed out: "Label: answer" for short answers, the label on its own line above
    longer ones. ``after`` holds text typed straight after a question's answer (contact lines)."""
    out: list[str] = []
    for key in KEYS:
        value = "" if key in blank else answers.value(key)
        if key in SHORT:
            out.append(f"{labels[key]}: {value}".rstrip())
        else:
            out.append(f"{labels[key]}:\n{value}".rstrip())
        if after and key in after:
            out[-1] += "\n" + after[key]
        out.append("")
    return "\n".join(out)


NUMBER_STYLES = ("{n}. ", "{n}) ", "{n} - ", "Q{n}: ")


def numbered(answers: Answers, style: str, items: list[str] | None = None) -> str:
    """Answers numbered 1..N in the form's order, without labels. ``items`` overrides the list."""
    texts = items if items is not None else [answers.value(k) for k in KEYS]
    return "\n\n".join(style.format(n=i) + t for i, t in enumerate(texts, 1)) + "\n"


def misfit_items(rng: random.Random, answers: Answers) -> tuple[str, list[str]]:
    """Numbered answers whose count does not fit the form, and what was done to them."""
    items = [answers.value(k) for k in KEYS]
    how = rng.choice(("joined", "extra", "skipped"))
    if how == "joined":
        items[0:2] = [f"{answers.name}, {answers.job_title}"]
        return "name and job title on one line, seven items", items
    if how == "extra":
        items.append("Photographs of the project to follow by separate email.")
        return "a ninth item (photographs to follow) after the eight answers", items
    del items[2]
    return "the email address left out, seven items", items


def call_email() -> str:
    """The association's call for case studies, as sent to heads of service."""
    questions = "\n".join(f"{i}. {LABELS[k]}" for i, k in enumerate(KEYS, 1))
    return ("Dear colleagues,\n\nLibraries Connected is collecting case studies of library services at "
            "their best, for publication in the spring. Please reply to this email with your answers to "
            "the questions below, or attach the form from our website.\n\n"
            f"{questions}\n\nThe closing date is Friday 29 January 2027.\n\nWith thanks,\n"
            "The Libraries Connected team\n")


QUESTIONS = (
    "Can a case study cover a project run jointly by two authorities, or should we send one each? "
    "Also, is the closing date still 29 January?",
    "Is there a word limit for the description? Our project is quite involved and I would rather "
    "not leave things out. Could I send photographs as well?",
    "I started filling in the form but our project is not finished until March. Would you accept a "
    "case study next round instead?",
)

AUTOREPLIES = (
    "Thank you for your email. I am on annual leave until Monday 11 January with no access to email. "
    "For anything urgent please contact the library service on 01632 960555.",
    "I am out of the office at a conference this week and will reply when I return. If your message "
    "is about a library account, please email the enquiries team.",
    "This mailbox is not monitored over the holiday period. Your message has not been forwarded.",
)


def question(rng: random.Random, answers: Answers) -> str:
    return (f"Hello,\n\n{rng.choice(QUESTIONS)}\n\n{sign_off(rng, answers)}\n"
            f"{answers.name}\n{answers.job_title}\nTel: {phone(rng, False)}\n")
