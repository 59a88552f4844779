"""Names typed in lower case, written as the articles write them.

People type "did mizuho upgrade coinbase after the binance settlement".  Question analysis finds names by their
capitals (and spaCy's tagger and parser read cased text), so such a question named nothing: no subject to keep
the evidence on, no name to check the answer's article against.  :class:`Casing` counts, over the indexed text,
how each word is written inside a sentence; a word of the question typed all in lower case that the articles
write capitalised nearly every time ("NASCAR", "Coinbase", "TikTok") is given their spelling.  Words the
articles also write in lower case ("world", "series", "fed") stay as typed, unless the two words together are a
name the articles capitalise nearly every time: "trade republic" is "Trade Republic" and "scalable capital" is
"Scalable Capital", though "trade" and "capital" alone are common words.  Built with the keyword index, once
per index generation (about 0.4 s per 1,000 chunks).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

MIN_SEEN = 3  # times the articles write a word inside a sentence before its spelling is trusted
MIN_SHARE = 0.95  # share of those written capitalised
# A word after a lower-case word or a comma: inside a sentence, where a capital marks a name.
_INSIDE = re.compile(r"(?<=[a-z0-9,;:] )[A-Za-z][A-Za-z0-9'’&-]*[A-Za-z0-9]")
# Two words inside a sentence (found overlapping: "Scalable Capital raised" gives two pairs).
_PAIR = re.compile(r"(?<=[a-z0-9,;:] )(?=([A-Za-z][A-Za-z0-9'’&-]*[A-Za-z0-9]) ([A-Za-z][A-Za-z0-9'’&-]*[A-Za-z0-9]))")
VERSION = 2  # 2: with two-word names
_TYPED = re.compile(r"(?<![\w'’-])[a-z][a-z0-9'’&-]*[a-z0-9]")
_KEEP = frozenset(  # words a question uses in their own sense, however the articles write them
    "i a an the and or but of in on at to for with by from as is are was were be been did does do has have had "
    "what who whom whose which when where why how will would can could should may might must not no yes".split()
)


class Casing:
    """How the indexed articles write each word: ``spelled[lower] = "TikTok"`` for the words they capitalise, and
    ``spelled["trade republic"] = "Trade Republic"`` for the two-word names they capitalise."""

    def __init__(self, spelled: Mapping[str, str] | None = None) -> None:
        self.spelled = dict(spelled or {})

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Casing:
        texts = list(texts)  # read twice: for words, then for two-word names (_pairs)
        capital: Counter[str] = Counter()
        lower: Counter[str] = Counter()
        forms: dict[str, Counter[str]] = {}
        for text in texts:
            for m in _INSIDE.finditer(text):
                w = _unpossessed(m.group())  # "NASCAR's": the name is "NASCAR"
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
        return cls({**_pairs(texts, spelled), **spelled})

    def save(self, path: Path) -> None:
        data = {"version": VERSION, "spelled": self.spelled}
        path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Casing:
        """The table saved at ``path``; ValueError when it is not one or is of an older version (rebuild it)."""
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("spelled"), dict):
            raise ValueError(f"{path} is not a casing table of version {VERSION}")
        return cls({str(k): str(v) for k, v in data["spelled"].items()})

    def __call__(self, text: str) -> str:
        """``text``, when it is typed all in lower case, with each word spelled as the articles spell it when they
        capitalise it.  A question with capitals of its own is left as typed: its writer chose them."""
        if not self.spelled or re.search(r"[A-Z]", text[1:]):
            return text

        def spelled(w: str) -> str | None:
            key = w.replace("’", "'")
            base = key.partition("'")[0]
            return self.spelled.get(key) or (self.spelled.get(base) and self.spelled[base] + w[len(base) :])

        typed = list(_TYPED.finditer(text))
        out: list[str] = []
        at = 0
        i = 0
        while i < len(typed):
            m = typed[i]
            out.append(text[at : m.start()])
            nxt = typed[i + 1] if i + 1 < len(typed) else None
            if nxt is not None and text[m.end() : nxt.start()] == " ":  # a two-word name first: "trade republic's"
                second = nxt.group().replace("’", "'").partition("'")[0]
                pair = self.spelled.get(f"{m.group()} {second}")
                if pair:
                    out.append(pair + nxt.group()[len(second) :])
                    at, i = nxt.end(), i + 2
                    continue
            out.append(spelled(m.group()) or m.group())
            at, i = m.end(), i + 1
        out.append(text[at:])
        return "".join(out)


def _pairs(texts: Sequence[str], spelled: Mapping[str, str]) -> dict[str, str]:
    """The two-word names the texts capitalise inside a sentence at least :data:`MIN_SEEN` times and
    :data:`MIN_SHARE` of the times they write the two words together, other than pairs of words that are
    names on their own ("Mizuho Coinbase" adds nothing to "Mizuho" and "Coinbase")."""
    capital: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for m in _PAIR.finditer(text):
            a, b = m.group(1), _unpossessed(m.group(2))
            if a[0].isupper() and b[0].isupper():
                key = _key(a, b)
                capital[key] += 1
                forms.setdefault(key, Counter())[f"{a} {b}"] += 1
    wanted = {k for k, n in capital.items() if n >= MIN_SEEN and not all(w in spelled or w in _KEEP for w in k.split())}
    if not wanted:
        return {}
    seen: Counter[str] = Counter()
    for text in texts:
        for m in _PAIR.finditer(text):
            key = _key(m.group(1), _unpossessed(m.group(2)))
            if key in wanted:
                seen[key] += 1
    return {k: forms[k].most_common(1)[0][0] for k in wanted if capital[k] >= MIN_SHARE * seen[k]}


def _key(a: str, b: str) -> str:
    return f"{a} {b}".lower().replace("’", "'")


def _unpossessed(word: str) -> str:
    return re.sub(r"['’]s$", "", word)
