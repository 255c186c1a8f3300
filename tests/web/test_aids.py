"""Reviewer aids and small helpers, as pure functions: themes, measurable impact, word counts,
version differences, HTML sanitising, tags and download names."""

from __future__ import annotations

import re

import pytest

from intake.web.aids import (
    DEFAULT_THEMES,
    count_words,
    highlight_impact,
    impact_phrases,
    theme_matches,
    themes_for,
    themes_in_force,
    version_diff,
    word_diff,
)
from intake.web.mailview import sanitise_html, view_message
from intake.web.pages import source_label
from intake.web.routes_submission import content_disposition
from store.review import ReviewError, clean_tag

# Store, pipeline, worker and web tests run on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.usefixtures("database")


def test_measurable_impact_phrases_are_found() -> None:
    text = ("We saved £62,000 (12.5 per cent of spend); visits rose 15%. The budget was protected, "
            "closures were avoided and $3m came in. 2026 was busy; 40,000 pounds more.")
    assert impact_phrases(text) == ["£62,000", "12.5 per cent", "15%", "budget was protected",
                                    "closures were avoided", "$3m", "40,000 pounds"]


def test_plain_numbers_and_years_are_not_impact() -> None:
    assert impact_phrases("In 2026 we opened 3 branches for 1,200 children.") == []


def test_highlighting_escapes_everything_else() -> None:
    html = highlight_impact("<b>£5</b> & 10%")
    assert html == '&lt;b&gt;<mark class="impact">£5</mark>&lt;/b&gt; &amp; <mark class="impact">10%</mark>'


def test_themes_come_from_keywords_at_word_starts() -> None:
    found = theme_matches("Our Volunteers met the Cabinet Member; footfall data rose.", DEFAULT_THEMES)
    assert found == {"Data and evidence": ["data", "footfall"], "Portfolio holders": ["cabinet member"],
                     "Staff and volunteer advocates": ["volunteer"]}
    assert themes_for("metadata and bidding", {"Data": ("data",), "Funding": ("bid",)}) == ["Funding"]


def test_configured_themes_replace_the_defaults() -> None:
    assert themes_in_force({}) == DEFAULT_THEMES
    assert themes_in_force({"Only": ("x",)}) == {"Only": ("x",)}


def test_word_count_counts_runs_between_spaces() -> None:
    assert count_words("£62,000 saved by well-being  work\n\nin 2026") == 7
    assert count_words(None) == 0 and count_words("   ") == 0


def test_word_diff_marks_removed_and_added_words_and_escapes() -> None:
    old, new = word_diff("one <two> three", "one three four")
    assert old == "one <del>&lt;two&gt;</del> three" and new == "one three <ins>four</ins>"


def test_version_diff_lists_fields_in_form_order() -> None:
    rows = version_diff({"b": "x", "a": "1"}, {"a": "2", "b": "x", "extra": "new"}, {"a": "A", "b": "B"})
    assert [(r.key, r.label, r.changed) for r in rows] == [("a", "A", True), ("b", "B", False),
                                                            ("extra", "extra", True)]


def test_sanitiser_keeps_text_and_safe_links_only() -> None:
    html = sanitise_html('<div style="x" onmouseover="y()"><a href="https://ok.example">ok</a>'
                         '<a href="/logout">rel</a><img src="https://tracker.example/p.gif">'
                         '<iframe src="https://x"></iframe><form><button>go</button></form>'
                         '<svg onload="alert(1)"></svg><script>alert(1)</script></div>')
    assert html == ('<div><a href="https://ok.example" rel="noopener noreferrer nofollow">ok</a>'
                    '<a rel="noopener noreferrer nofollow">rel</a>go</div>')


def test_unreadable_message_is_shown_as_raw_text() -> None:
    view = view_message(b"")
    assert view.error and view.raw_text == ""


@pytest.mark.parametrize(("source", "label"), [
    ("body", "email body"), ("attachment:form.docx", "attachment form.docx"),
    ("forwarded:attachment:f.docx", "forwarded email, attachment f.docx"), (None, "unknown")])
def test_sources_are_named_for_people(source: str | None, label: str) -> None:
    assert source_label(source) == label


def test_tags_are_short_plain_words() -> None:
    assert clean_tag("  short   list ") == "short list"
    for bad in ["", "<script>", "x" * 41, '"quoted"']:
        with pytest.raises(ReviewError):
            clean_tag(bad)


def test_download_names_cannot_break_the_header() -> None:
    header = content_disposition('évaluation "final";\r\nX: y.docx')
    assert header.startswith('attachment; filename="_valuation _final____X: y.docx"; filename*=UTF-8\'\'')
    assert "\r" not in header and "\n" not in header


def _reference_names(text: str, themes: dict[str, tuple[str, ...]]) -> list[str]:
    """The theme rule spelled out the slow way: the text and each keyword as lower-case words
    joined by single spaces, a keyword found when its words start at a word of the text."""
    def spaced(t: str) -> str:
        return " " + " ".join(re.findall(r"\w+", t.lower()))

    words = spaced(text)
    return [name for name, kws in themes.items()
            if any(spaced(k).strip() and spaced(k) in words for k in kws)]


@pytest.mark.parametrize("text", [
    "Cabinet  Members, well-being_team", "wellbeing", "well being", "well_being", "METADATA data-led",
    "portfolio-holder", "portfolio holders", "portfoliox holder", "élected member", "elected\u00a0member",
    "ÉLECTED MEMBER", "İstanbul staff", "staffing", "a bid", "abid", "x" * 50 + "data", "data" * 20,
    "case studies", "casestudies", "the case  \n\tstud", "council_plan", "Council Plan", "", "   ",
    "warm-space", "warm spacious", "mental health", "mentalhealth",
])
def test_themes_follow_the_word_rule_on_awkward_texts(text: str) -> None:
    themes = {**DEFAULT_THEMES, "Odd": ("elected member", "istanbul", "well_being", "--", "x data")}
    assert themes_for(text, themes) == _reference_names(text, themes)
    assert list(theme_matches(text, themes)) == _reference_names(text, themes)
