"""The body reader on other reply parsers' own fixtures (../shared/peer-suites: talon's,
github/email_reply_parser's and zapier/email-reply-parser's), scored by :mod:`tests.cases.peers`.

Each suite is held to the entries it reads as its project pins them today. The 13 read otherwise
(``python benchmarks/peer_suites.py --verbose`` names them) are conventions chosen for a reviewer
reading a submission: a reply written between quoted lines keeps only the new lines (github's
email_1_2 and email_1_8 keep the quotes too); a forwarded message is not the sender's new text
(talon keeps it); a quote with no reply header is still a quote (talon's HTML tests keep a bare
blockquote); a short sign-off such as "-roman" or a "--" line over a name is a signature (talon's
brute-force tests keep it in the text); prose that starts "Sent from my desk" stays (zapier drops
it); and two of talon's machine-learning signature cases (lines tagged ``#sig#``) and its
"too many lines" cut are that classifier's own."""

from __future__ import annotations

import pytest

from tests.cases.peers import PEER_SUITES, score

pytestmark = [pytest.mark.peer_suites, pytest.mark.slow]

# Entries read as pinned (of all): a fall is a regression to look at; a rise, a floor to raise.
FLOORS = {"github_email_reply_parser": (20, 22), "talon": (124, 134), "zapier_email_reply_parser": (23, 24)}


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[int, int]]:
    return score(PEER_SUITES)


@pytest.mark.parametrize("suite", sorted(FLOORS))
def test_each_peer_suite_is_read_at_least_as_well_as_today(results: dict[str, tuple[int, int]],
                                                           suite: str) -> None:
    good, total = results[suite]
    floor, expected_total = FLOORS[suite]
    assert total == expected_total, f"{suite} has {total} entries now (the floor was set on {expected_total})"
    assert good >= floor, f"{suite}: {good}/{total} read as pinned (floor {floor})"


def test_every_suite_of_the_folder_has_a_floor(results: dict[str, tuple[int, int]]) -> None:
    assert sorted(results) == sorted(FLOORS)
