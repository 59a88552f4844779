"""Whether a sentence reports a result, and whose: "West Indies win by 4 wickets!", "Australia were beaten by
Italy", not "Australia will face an Italy team"; read by the one-line answer's winner check (:mod:`rag.ask.fits`)
and by the verdict on a game between two sides (:mod:`rag.ask.games`)."""

from __future__ import annotations

import re

_WON = re.compile(
    r"(?<!\bwill )(?<!\bto )(?<!\bcould )(?<!\bwould )(?<!\bcan )(?<!\bmay )(?<!\bmight )"
    r"\b(?:won|wins?|beat|beats|defeated|defeats|victory|triumph(?:ed|s)?|clinched|lifted|dominat(?:es|ed)|routs?|"
    r"routed|thrash(?:es|ed)|crush(?:es|ed)|edges|edged|blew out|blowing out|sweeps|swept)\b",
    re.I,
)


def reports_win(sentence: str, winner: str = "") -> bool:
    """Whether ``sentence`` reports a result (won, beat, a victory; not "will win"), and with ``winner`` that it was
    theirs: the winner (or the last word of its name) just before the verb ("West Indies win by 4 wickets!"), after
    "beaten by", or as the owner of the win ("Italy's victory").  "Australia will face an Italy team ... Sinner,
    who beat Djokovic" reports no win of Italy's."""
    if not winner:
        return bool(_WON.search(sentence))
    low = sentence.lower()
    for name in name_forms(winner):
        if acts(sentence, name, _WON):
            return True
        n = re.escape(name)
        if re.search(rf"\b(?:beaten|defeated|won) by (?:the )?{n}\b|\b{n}(?:'s|’s) (?:win|victory|triumph)\b", low):
            return True
    return False


def name_forms(side: str) -> tuple[str, ...]:
    """A side's name lower-cased as a sentence may write it: whole, and its last word when that is a word of its own
    ("lionel messi", "messi")."""
    whole = side.lower().strip(" .")
    last = whole.split()[-1] if whole.split() else whole
    return tuple(dict.fromkeys((whole, last) if len(last) >= 3 else (whole,)))


def acts(sentence: str, name: str, verb: re.Pattern[str], unless: re.Pattern[str] | None = None) -> bool:
    """Whether ``name`` (lower-cased) comes at most four words before a word ``verb`` matches in ``sentence``, the
    words before that match not ending as ``unless`` does ("hope to")."""
    low = sentence.lower()
    for m in verb.finditer(sentence):
        at = low.rfind(name, 0, m.start())
        if at >= 0 and len(re.findall(r"\w+", sentence[at + len(name) : m.start()])) <= 4:
            if unless is None or not unless.search(sentence[: m.start()]):
                return True
    return False
