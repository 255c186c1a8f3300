"""The label index: one matcher per form for the whole run, typed labels scored against the variants
that can match them (rapidfuzz for typos, the Snowball stemmer for word endings), answers remembered."""

from __future__ import annotations

from snowballstemmer.english_stemmer import EnglishStemmer

from parsers.form import vocabulary
from parsers.form.labels import LabelMatcher
from parsers.form.vocabulary import content_words, normalise, stem
from parsers.schema import DEFAULT_SCHEMA, FieldSpec, FormSchema


def test_one_matcher_serves_every_message_of_a_form() -> None:
    assert LabelMatcher.for_schema(DEFAULT_SCHEMA) is LabelMatcher.for_schema(DEFAULT_SCHEMA)


def test_another_form_gets_its_own_matcher_with_its_own_labels() -> None:
    other = FormSchema(fields=(FieldSpec("venue", "Venue of the event"),
                               FieldSpec("date", "Date of the event")))
    matcher = LabelMatcher.for_schema(other)
    assert matcher is not LabelMatcher.for_schema(DEFAULT_SCHEMA)
    found = matcher.match("Venue")
    assert found is not None and found.key == "venue"
    assert matcher.match("Your name") is None


def test_a_label_typed_with_typos_is_still_its_field() -> None:
    matcher = LabelMatcher.for_schema(DEFAULT_SCHEMA)
    found = matcher.match("Sumary of case stduy")
    assert found is not None and found.key == "summary"
    typo = matcher.match("Your nmae", loose=True)
    assert typo is not None and typo.key == "name"


def test_a_word_the_form_does_not_know_scores_no_field() -> None:
    matcher = LabelMatcher.for_schema(DEFAULT_SCHEMA)
    assert matcher.score(normalise("Parking arrangements")) == []
    assert matcher.known_share("Quarrington Borough Council") < 0.5


def test_scores_are_the_same_when_asked_again() -> None:
    matcher = LabelMatcher.for_schema(DEFAULT_SCHEMA)
    first = matcher.score(normalise("Key lessons"))
    first.clear()  # a caller changing its list must not change what the matcher remembers
    again = matcher.score(normalise("Key lessons"))
    assert again and again[0].key == "lessons"


def test_word_endings_are_stemmed_by_snowball() -> None:
    assert stem("lessons") == stem("lesson") == "lesson"
    assert stem("libraries") == stem("library")
    assert stem("role") == "role"  # four letters or fewer are kept


def test_the_stemmer_in_use_is_pystemmers_c_build_and_stems_as_the_python_one() -> None:
    # snowballstemmer hands out PyStemmer's compiled stemmer when it is installed (a dependency):
    # the same algorithm, so the same stems, for the form's words and for a base64 "word".
    assert type(vocabulary._STEMMER).__module__ == "Stemmer"
    words = [*sorted(vocabulary._CONCEPT), "generalizations", "skies", "ckrhdgu6ifrodswgmjcgsnvuidi", "naïve"]
    python = EnglishStemmer()
    assert [stem(w) for w in words] == [w if len(w) <= 4 else python.stemWord(w) for w in words]


def test_a_synonym_wins_over_another_group_word_with_the_same_stem() -> None:
    # "authority" stems to "author", but "author" is listed as a submitter and "authority" as an
    # organisation: each word keeps its own group.
    assert content_words("author") != content_words("authority")
    assert content_words("authority") == content_words("organisation")
