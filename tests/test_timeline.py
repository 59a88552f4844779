"""Dates of timeline events (rag/timeline.py): explicit, relative to the article's publication, or none."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.evidence import Evidence
from rag.timeline import TOTAL_WORDS, bullet, date_of, events
from rag.types import Passage

PUBLISHED = dt.date(2023, 10, 15)  # a Sunday


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("He was sentenced on Sept. 24, 2023 in a New York court.", ("2023-09-24", "explicit")),
        ("The club was founded on 24 Nov 2022 by two brothers.", ("2022-11-24", "explicit")),
        ("Talks between the two firms began in August 2016.", ("2016-08", "explicit")),
        ("The board met on Tuesday to discuss the offer.", ("2023-10-10", "relative")),
        ("Police arrested the suspect yesterday near the border.", ("2023-10-14", "relative")),
    ],
)
def test_dates_are_read_from_the_sentence_or_its_publication(sentence, expected):
    assert date_of(sentence, PUBLISHED) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The team played in Marseille on the weekend.",  # "Mar..." inside a word is not March
        "Jada wasn't initially sold on the idea of marriage.",
        "In case of no reply, the Commission may decide to request the information.",
    ],
)
def test_words_that_start_like_a_month_are_not_dates(sentence):
    assert date_of(sentence, PUBLISHED) is None


def test_a_day_months_after_the_article_is_last_year():
    assert date_of("On December 28 the deal was signed.", dt.date(2023, 8, 15)) == ("2022-12-28", "explicit")


def test_a_day_zero_is_not_a_date_and_does_not_crash():
    assert date_of("Shares fell 3 per cent on Oct 0 after the report.", PUBLISHED) is None


def test_a_decade_is_not_a_year():
    assert date_of("During the '90s and 2000s she was in several publicised romances.", PUBLISHED) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Three months later, the two married in September of that year.", ("2004-09", "explicit")),
        ("That same year, he hired a new manager.", ("2004", "explicit")),
        ("The following year they split.", ("2005", "explicit")),
    ],
)
def test_that_year_is_the_year_the_article_spoke_of_before(sentence, expected):
    assert date_of(sentence, PUBLISHED, 2004) == expected
    assert date_of(sentence, PUBLISHED) != expected  # without the year before it, not that year


def test_within_the_next_year_is_not_the_year_after():
    assert date_of("Talk of having kids within the next year is not coming from her side.", PUBLISHED, 2024) is None


def _ev(article: str, text: str, published: str, start: int = 0) -> Evidence:
    p = Passage(f"{article}-c", article, text, start, start + len(text), 1.0, f"{article} story", article, published)
    return Evidence(p, start, start + len(text), text, 1.0, 1.0)


def test_a_timeline_dates_that_year_from_the_sentence_before_in_the_same_article():
    evidence = [
        _ev("a", "Kevin Federline and Britney Spears first met at a club in 2004.", "2023-10-20"),
        _ev("a", "After three months of dating, the two married in September of that year.", "2023-10-20", 80),
    ]
    found = events(evidence, "Britney Spears Kevin Federline relationship")
    assert [e.date for e in found] == ["2004", "2004-09"]


def test_one_event_reported_by_two_outlets_is_one_event_with_both_citations():
    evidence = [
        _ev("a", "The board fired Sam Altman as chief executive on November 17, 2023.", "2023-11-18"),
        _ev("b", "On November 17, 2023 the board fired Sam Altman as chief executive.", "2023-11-18"),
        _ev("a", "Emmett Shear was named interim chief executive on November 20, 2023.", "2023-11-18"),
    ]
    found = events(evidence, "Sam Altman board fired")
    assert [e.date for e in found] == ["2023-11-17", "2023-11-20"]
    assert found[0].refs == (0, 1) and found[1].refs == (2,)


def test_bullets_share_a_word_budget_and_undated_moments_are_kept_marked():
    long = " ".join(["The board met again and argued at length over every clause of the offer"] * 3) + "."
    evidence = [
        _ev("a", "Sam Altman was fired by the board on November 17, 2023. " + long, "2023-11-18"),
        _ev("a", "Bryan Rust opened the scoring for the Penguins in the first period of the game.", "2023-11-18"),
        *[_ev("a", f"On November {d}, 2023 the board met. " + long, "2023-11-25") for d in (18, 19, 20)],
    ]
    found = events(evidence, "board Sam Altman fired Penguins scoring")
    assert len(found) == 5 and sum(len(bullet(e).split()) for e in found) <= TOTAL_WORDS
    assert any(e.date_source == "publication" and "Bryan Rust" in e.text for e in found)


def test_a_bullet_is_not_cut_to_its_opening_phrase():
    from rag.timeline import trim

    sentence = (
        "During an episode of The Pat McAfee Show on 21 September, he mocked his brother Jason Kelce for joking that"
        " he had thrown the ball into the stands at the game."
    )
    assert "mocked his brother" in trim(sentence, 18, event=True)
    assert trim(sentence, 18) == "During an episode of The Pat McAfee Show on 21 September …"  # a quote line keeps the old cut
