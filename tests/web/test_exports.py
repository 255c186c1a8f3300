"""The downloads of the review app, opened and read: the queue's CSV (headings and statuses in
words, problems listed, themes, tags, notes, the sender's address, the means per criterion and
overall; blind review honoured) and the Word compilation (A4, the association as author, each case
study crediting its submitter's name, job title and service)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm

from store.queue import add_event, get_by_reference, set_status
from store.review import add_tag
from store.scores import set_scores
from tests.fixtures.browser import Site, running_site
from tests.web import seed

CRITERIA = ("relevance", "evidence_of_impact", "transferability")
LIMIT = "Your summary has 63 words; the limit is 50."
PROBLEM = {"field": "summary", "code": "over_word_limit", "message": LIMIT}


def seeder(site: Site) -> None:
    st = site.store
    site.refs["scored"] = seed.add_submission(st, seed.fields(
        "Warm spaces with public health", name="Grace Hopper", job_title="Service Manager",
        organisation="Eastborough Libraries"))
    site.refs["problems"] = seed.add_submission(st, seed.fields("Too long", summary="w " * 63),
                                                problems=[PROBLEM, {"field": None, "code": "attachment",
                                                                    "message": "Send the form as .docx."}])
    with st.session() as s:
        sub = get_by_reference(s, site.refs["scored"])
        set_scores(s, sub, reviewer="rev@example.org", criteria=CRITERIA,
                   scores={"relevance": 5, "evidence_of_impact": 4, "transferability": 3})
        set_scores(s, sub, reviewer="admin@example.org", criteria=CRITERIA,
                   scores={"relevance": 3, "evidence_of_impact": 4, "transferability": 3})
        add_tag(s, sub, "shortlist", actor="rev@example.org")
        add_event(s, sub, "note", actor="rev@example.org", note="Check the footfall figures")
        set_status(s, sub, "accepted", actor="rev@example.org")


@pytest.fixture(scope="module", params=[False, True], ids=["open", "blind"])
def export_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with running_site(tmp_path_factory.mktemp("exports"), seeder=seeder,
                      review={"blind": request.param}) as s:
        yield s


def csv_rows(site: Site, email: str = "rev@example.org") -> tuple[list[str], dict[str, dict[str, str]]]:
    with site.client() as c:
        site.login(c, email=email)
        r = c.get("/export.csv")
    assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")))
    rows = {row["Reference"]: row for row in reader}
    return list(reader.fieldnames or []), rows


def test_csv_says_everything_in_words(export_site: Site) -> None:
    headers, rows = csv_rows(export_site)
    assert headers[:16] == [
        "Reference", "Status", "Received", "Version", "Problems", "Themes", "Tags", "Assigned to",
        "Sender's address", "Notes", "Mean score", "Reviewers who scored",
        "Mean score: Relevance to the call", "Mean score: Evidence of impact",
        "Mean score: Transferability to other services", "Your name"]
    assert "Summary of case study" in headers and not {"reference", "status", "summary"} & set(headers)
    scored, problems = rows[export_site.refs["scored"]], rows[export_site.refs["problems"]]
    assert (scored["Status"], problems["Status"]) == ("Accepted", "Needs attention")
    assert problems["Problems"].splitlines() == [f"Summary of case study: {LIMIT}",
                                                 "Message: Send the form as .docx."]
    assert "Public health and essential services" in scored["Themes"].split("; ")
    assert scored["Tags"] == "shortlist" and scored["Sender's address"] == "ada@council.example"
    assert scored["Notes"].endswith("rev@example.org: Check the footfall figures")
    assert (scored["Mean score"], scored["Reviewers who scored"]) == ("3.67", "2")
    assert scored["Mean score: Relevance to the call"] == "4.00"
    assert scored["Your name"] == "Grace Hopper" and problems["Mean score"] == ""


def test_csv_under_blind_review_holds_only_the_scores_you_may_see(tmp_path: Path) -> None:
    with running_site(tmp_path, seeder=seeder, review={"blind": True}) as site:
        seed.add_staff(site.store, "third@example.org")
        _, rows = csv_rows(site, "third@example.org")
        _, seen = csv_rows(site, "rev@example.org")
    ref = site.refs["scored"]
    assert rows[ref]["Mean score"] == "" and rows[ref]["Reviewers who scored"] == ""
    assert seen[ref]["Mean score"] == "3.67"


def test_word_compilation_is_a4_by_the_association_crediting_the_submitter(export_site: Site) -> None:
    with export_site.client() as c:
        export_site.login(c)
        r = c.get("/export.docx")
    doc = Document(io.BytesIO(r.content))
    for section in doc.sections:
        # Word keeps sizes in twips: 210 mm is stored as 11,906 twips (0.03 mm more).
        assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    props = doc.core_properties
    assert props.author == export_site.config.smtp.from_name == "Case studies"
    assert props.author != "python-docx" and props.last_modified_by == "Case studies"
    texts = [p.text for p in doc.paragraphs]
    assert "By Grace Hopper, Service Manager, Eastborough Libraries" in texts
    assert "Warm spaces with public health" in texts and "Too long" not in texts
