"""Names typed in lower case, written as the articles write them.

People type "did mizuho upgrade coinbase after the binance settlement".  Question analysis finds names by their
capitals (and spaCy's tagger and parser read cased text), so such a question named nothing: no subject to keep
the evidence on, no name to check the answer's article against.  :class:`Casing` counts, over the indexed text,
how each word is written inside a sentence; a word of the question typed all in lower case that the articles
write capitalised nearly every time ("NASCAR", "Coinbase", "TikTok") is given their spelling.  Words the
articles also write in lower case ("world", "series", "fed") stay as typed.  Built with the keyword index, once
per index generation (about 0.1 s per 1,000 chunks).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

MIN_SEEN = 3  # times the articles write a word inside a sentence before its spelling is trusted
MIN_SHARE = 0.95  # share of those written capitalised
# A word after a lower-case word or a comma: inside a sentence, where a capital marks a name.
_INSIDE = re.compile(r"(?<=[a-z0-9,;:] )[A-Za-z][A-Za-z0-9'’&-]*[A-Za-z0-9]")
_TYPED = re.compile(r"(?<![\w'’-])[a-z][a-z0-9'’&-]*[a-z0-9]")
_KEEP = frozenset(  # words a question uses in their own sense, however the articles write them
    "i a an the and or but of in on at to for with by from as is are was were be been did does do has have had "
    "what who whom whose which when where why how will would can could should may might must not no yes".split()
)


class Casing:
    """How the indexed articles write each word: ``spelled[lower] = "TikTok"`` for the words they capitalise."""

    def __init__(self, spelled: Mapping[str, str] | None = None) -> None:
        self.spelled = dict(spelled or {})

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Casing:
        capital: Counter[str] = Counter()
        lower: Counter[str] = Counter()
        forms: dict[str, Counter[str]] = {}
        for text in texts:
            for m in _INSIDE.finditer(text):
                w = re.sub(r"['’]s$", "", m.group())  # "NASCAR's": the name is "NASCAR"
                key = w.lower().replace("’", "'")
                if w[0].isupper():
                    capital[key] += 1
                    forms.setdefault(key, Counter())[w] += 1
                else:
                    lower[key] += 1
        spelled = {
            w: forms[w].most_common(1)[0][0]
            for w, n in capital.items()
            if n >= MIN_SEEN and n >= MIN_SHARE * (n + lower[w]) and w not in _KEEP
        }
        return cls(spelled)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.spelled, ensure_ascii=False, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Casing:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path} is not a casing table")
        return cls({str(k): str(v) for k, v in data.items()})

    def __call__(self, text: str) -> str:
        """``text``, when it is typed all in lower case, with each word spelled as the articles spell it when they
        capitalise it.  A question with capitals of its own is left as typed: its writer chose them."""
        if not self.spelled or re.search(r"[A-Z]", text[1:]):
            return text

        def spell(m: re.Match[str]) -> str:
            w = m.group()
            key = w.replace("’", "'")
            base = key.partition("'")[0]
            found = self.spelled.get(key) or (self.spelled.get(base) and self.spelled[base] + w[len(base) :])
            return found or w

        return _TYPED.sub(spell, text)
