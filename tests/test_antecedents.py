"""A sentence that opens on a pronoun is read with the sentence before it (rag.ask.evidence.with_antecedents)."""

from rag.ask.evidence import Evidence, with_antecedents
from rag.types import Passage

BODY = (
    "Tactically it is McTominay running the show right now.\n\n"
    "Here he scored his fifth and sixth goals of the season. Chelsea hit the woodwork twice."
)


def _ev(sentence: str) -> Evidence:
    p = Passage("c", "a", BODY, 0, len(BODY), 1.0, "Ten Hag's gamble pays off", "The Guardian")
    at = BODY.index(sentence)
    return Evidence(p, at, at + len(sentence), sentence, 1.0, 0.5)


def test_a_sentence_opening_on_a_pronoun_is_read_from_the_sentence_before_it():
    scored = _ev("Here he scored his fifth and sixth goals of the season.")
    [got] = with_antecedents([scored])
    assert got.text.startswith("Tactically it is McTominay") and got.text.endswith("of the season.")
    assert BODY[got.start : got.end] == got.text and got.end == scored.end  # a citation still quotes the article exactly
    assert (got.score, got.coverage) == (scored.score, scored.coverage)


def test_other_sentences_and_those_whose_antecedent_is_evidence_already_stand_as_they_are():
    named = _ev("Chelsea hit the woodwork twice.")
    assert with_antecedents([named]) == [named]
    first = _ev("Tactically it is McTominay running the show right now.")
    scored = _ev("Here he scored his fifth and sixth goals of the season.")
    assert with_antecedents([first, scored]) == [first, scored]
