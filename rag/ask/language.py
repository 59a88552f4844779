"""Is a question in English?  Byline's embedding model (all-MiniLM-L6-v2), its
keyword stemmer and its answerers read English only, so a question in another
language mostly finds nothing; Byline says so instead of failing silently.

A cheap heuristic, no model: mostly non-Latin letters (Cyrillic, Arabic, CJK…),
or clearly more function words of another European language than of English.
Names such as "Le Monde" or "Banco de la Nación" in an English question do not
trip it.
"""

from __future__ import annotations

import re

_ENGLISH = frozenset(
    "the a an of to in on at for from with by and or but not no is are was were be been being do does did done has have "
    "had will would can could should may might must shall which what who whom whose when where why how many much "
    "this that these those it its they their there than then after before about into over under between during "
    "according report reported say said says".split()
)
# Function words of Spanish, French, German, Italian, Portuguese and Dutch that are not English words.
_OTHER = frozenset(
    "el los las del por para con una uno unos unas como qué que cuál cuáles cuándo dónde cuántos cuántas cuánto "
    "quién quiénes según fue ser sobre entre desde hasta también pero más muy sus "
    "le les des du et est sont une dans avec sur qui quel quelle quels quelles combien comment pourquoi où "
    "selon été ont pas plus leur leurs ces cette aux "
    "der die das den dem des und ist sind wurde wurden ein eine einen einem einer nicht mit von zu auf für wie "
    "viele wieviele wer wann warum wo welche welcher welches laut bei nach aus über haben auch "
    "il lo gli della delle degli di che è sono quanti quante quanto quale quali chi perché secondo nel nella "
    "não são os da dos das nos nas uma quantos quantas qual quais quem onde segundo pelo pela foi "
    "het een niet zijn werd hoeveel wie wat welke waar waarom volgens ook naar".split()
)
_WORD = re.compile(r"[^\W\d_]+")


def looks_english(text: str) -> bool:
    """False when ``text`` is clearly in another language (see the module docstring)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    latin = sum(1 for c in letters if c < "\u0250")  # Basic Latin to Latin Extended-B
    if latin < 0.5 * len(letters):
        return False
    words = _WORD.findall(text.lower())
    english = sum(1 for w in words if w in _ENGLISH)
    other = sum(1 for w in words if w in _OTHER)
    return not (other >= 2 and other > 2 * english)
