"""``byline eval`` on a set of plain questions of every kind (``bench/natural/questions.jsonl``).

Each record: ``{id, kind, question, history, answerable, answer, must_include, gold_paths}``
(string ids; ``split`` optional, else dev/test by the id's number; ``as_of`` optional, the day
the question is asked on; ``gold_paths`` are file names).  A response is *correct* when it
answers an answerable question with every key fact of ``must_include`` in the answer's own
sentences (not only in the quoted article lines), in at most :data:`MAX_SENTENCES` sentences
and :data:`MAX_WORDS` words, or declines an unanswerable one.  A key fact lists alternatives
with ``" | "``; text is compared lower-cased, with dashes as spaces and other punctuation
dropped, a fact's last word as a stem ("diagnos" is met by "diagnosed"); "yes" / "no" must be the first word.

Writes ``responses.jsonl`` (``{id, response, abstained, citations: [{path, quote}]}``),
``metrics.json`` and ``report.md`` to the output folder; an interrupted run resumes.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError

MAX_SENTENCES = 5
MAX_WORDS = 120
FIELDS = ("id", "kind", "question", "history", "answerable", "answer", "must_include", "gold_paths")


@dataclass(frozen=True)
class Item:
    """One plain question with what a correct answer must contain."""

    id: str
    kind: str
    question: str
    history: tuple[str, ...]
    answerable: bool
    answer: str
    must_include: tuple[str, ...]
    gold_paths: tuple[str, ...]
    split: str
    as_of: str = ""
    """The reference date the question is asked on (optional ``as_of`` key): "last week" and "now" are reckoned
    from it, and later articles are left out."""


@dataclass
class Result:
    """One question's response and its scores."""

    id: str
    kind: str
    response: str = ""
    own: str = ""
    abstained: bool = False
    citations: list[dict[str, str]] = field(default_factory=list)
    correct: bool = False
    missing: list[str] = field(default_factory=list)
    too_long: bool = False
    sentences: int = 0
    supported: int = 0
    gold_citations: int = 0
    answer_kind: str = ""
    ttft_s: float | None = None
    total_s: float = 0.0
    quotes_s: float = 0.0


def is_natural(rows: Sequence[dict[str, Any]]) -> bool:
    return bool(rows) and isinstance(rows[0], dict) and "must_include" in rows[0] and "kind" in rows[0]


def load(path: str | Path) -> list[Item]:
    """Read a natural-question set (see the module docstring)."""
    p = Path(path)
    items = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except ValueError as e:
            raise InputError(f"{p}:{n}: not valid JSON ({e}).") from None
        missing = [k for k in FIELDS if k not in r]
        if missing:
            raise InputError(f"{p}:{n}: the record lacks {', '.join(missing)}; see rag/eval/natural.py for the format.")
        digits = re.findall(r"\d+", str(r["id"]))
        split = r.get("split") or ("test" if digits and int(digits[-1]) % 5 == 0 else "dev")
        items.append(
            Item(
                str(r["id"]), str(r["kind"]), str(r["question"]), tuple(r["history"] or ()), bool(r["answerable"]),
                str(r["answer"]), tuple(r["must_include"]), tuple(r["gold_paths"]), split, str(r.get("as_of") or ""),
            )
        )  # fmt: skip
    return items


def _tokens(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[‐‑‒–—―-]", " ", text)
    text = re.sub(r"(?<=\d)(m|bn|k)\b", r" \1", text)  # "$137m" holds the figure 137
    text = re.sub(r"\$(?:us|au|a|c|nz|hk|s)(?=\d)", "$ ", text)  # and "$US612.1 million" the figure 612.1
    return re.findall(r"[a-z0-9]+(?:[.,][0-9]+)*%?", text)


def select(
    items: Sequence[Item], split: str = "all", limit: int | None = None, seed: int = 0, kinds: Sequence[str] = ()
) -> list[Item]:
    """The split's items (of ``kinds`` when given); with ``limit``, a sample drawn with ``random.Random(seed)``."""
    import random

    from .gold import known_kinds

    wanted = known_kinds(kinds, {it.kind for it in items})
    out = [it for it in items if (split == "all" or it.split == split) and (not wanted or it.kind in wanted)]
    if limit is not None and limit < len(out):
        out = sorted(random.Random(seed).sample(out, limit), key=lambda it: it.id)
    return out


def includes(text: str, fact: str) -> bool:
    """Whether ``text`` contains ``fact`` (one of its ``" | "`` alternatives), as the module docstring says."""
    have = _tokens(text)
    for alt in fact.split("|"):
        want = _tokens(alt)
        if not want:
            continue
        if want in (["yes"], ["no"]):
            if have[:1] == want:
                return True
            continue
        n = len(want)
        if any(_matches(have[i : i + n], want) for i in range(len(have) - n + 1)):
            return True
    return False


def _matches(words: list[str], want: list[str]) -> bool:
    """``words`` are the fact ``want``; its last word, when a word of letters, as a stem: "diagnos" is "diagnosed",
    "dendrite" "dendrites" (the gold gives stems so that any form of the word counts); a figure followed by a per
    cent sign is the figure ("17.9%" gives the fact "17.9")."""
    same = [w == x or x[-1:].isdigit() and w == x + "%" for w, x in zip(words, want, strict=True)]
    last = want[-1]
    return all(same[:-1]) and (same[-1] or last.isalpha() and len(last) >= 3 and words[-1].startswith(last))


def count_sentences(text: str) -> int:
    lines = [x for x in text.splitlines() if x.strip()]
    # A full stop after an abbreviation or initial ("Jan. 13", "No. 17", "U.S.", "J. Smith") ends no sentence.
    abbr3 = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Gov|Sen|Rep|Gen|Col|Sgt|Ave|Inc|Ltd|Est"
    ends = rf"(?<!\b[A-Z][a-z])(?<!\b(?:{abbr3}))(?<!\b[A-Z])(?<!\bSept)[.!?](?:\s|$)"
    return sum(max(1, len(re.findall(ends, re.sub(r"\[\d+\]", "", x)))) for x in lines)


def score(item: Item, answer: Any) -> Result:
    """Score one :class:`rag.Answer` against ``item``."""
    from ..ask.verify import check

    own = re.sub(r"\s*\[\d+\]", "", answer.own_text if not answer.abstained else "")
    r = Result(item.id, item.kind, response=answer.text, own=own, abstained=answer.abstained, answer_kind=answer.kind)
    r.citations = [{"path": Path(c.path).name, "quote": c.quote} for c in answer.citations]
    r.ttft_s = answer.timings.get("first_token_s")
    r.total_s = answer.timings.get("total_s", 0.0)
    r.quotes_s = answer.timings.get("retrieve_s", 0.0)
    if not item.answerable:
        r.correct = answer.abstained
        return r
    r.sentences = count_sentences(own)
    r.too_long = r.sentences > MAX_SENTENCES or len(own.split()) > MAX_WORDS
    r.missing = [f for f in item.must_include if not includes(own, f)]
    r.correct = not answer.abstained and not r.missing and not r.too_long
    r.gold_citations = sum(1 for c in r.citations if c["path"] in item.gold_paths)
    by_n = {c.n: c for c in answer.citations}
    for line in answer.lines:
        if line.role in ("quote", "note"):
            continue
        cited = [by_n[n] for n in line.citations if n in by_n]
        text = re.sub(r"\s*\[\d+\]", "", line.text).lstrip("- ")
        r.supported += bool(cited) and check(text, [_evidence(c) for c in cited]).ok
    return r


def _evidence(c: Any) -> Any:
    """A citation as the evidence sentence it quotes (for the checker)."""
    from ..ask.evidence import Evidence
    from ..types import Passage

    p = Passage("", c.article_id, c.quote, c.start, c.end, 0.0, c.title, c.source, c.published, c.url, c.path)
    return Evidence(p, c.start, c.end, c.quote, 0.0, 0.0)


def summarise(items: Sequence[Item], results: Sequence[Result]) -> dict[str, Any]:
    """Per kind and overall: correct, wrong and unanswerable abstention, gold citations, supported lines, latency."""

    def block(pairs: list[tuple[Item, Result]]) -> dict[str, Any]:
        ans = [(i, r) for i, r in pairs if i.answerable]
        una = [(i, r) for i, r in pairs if not i.answerable]
        answered = [r for i, r in ans if not r.abstained]
        cites = sum(len(r.citations) for r in answered)
        lines = sum(len([x for x in r.response.splitlines() if x.strip() and not x.startswith('- "')]) for r in answered)
        ttft = [r.ttft_s for r in answered if r.ttft_s is not None]
        return {
            "n": len(pairs),
            "correct": _mean(r.correct for _, r in pairs),
            "wrong_abstention": _mean(r.abstained for _, r in ans) if ans else None,
            "unanswerable_abstention": _mean(r.abstained for _, r in una) if una else None,
            "gold_citation_share": round(sum(r.gold_citations for r in answered) / cites, 4) if cites else None,
            "checked_lines": lines,
            "quotes_p50_s": round(statistics.median([r.quotes_s for _, r in pairs]), 3) if pairs else None,
            "first_token_p50_s": round(statistics.median(ttft), 3) if ttft else None,
            "total_p50_s": round(statistics.median([r.total_s for _, r in pairs]), 3) if pairs else None,
        }

    pairs = list(zip(items, results))
    kinds = sorted({i.kind for i in items})
    return {"overall": block(pairs), "by_kind": {k: block([(i, r) for i, r in pairs if i.kind == k]) for k in kinds}}


def _mean(values: Any) -> float:
    vals = [float(v) for v in values]
    return round(sum(vals) / len(vals), 4) if vals else 0.0


def run(
    bot: Any, items: Sequence[Item], out: Path, fingerprint: str, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, Any]:
    """Ask every question (with its history), score it, write the outputs; resumes a run with the same fingerprint."""
    from ..types import Answer

    out.mkdir(parents=True, exist_ok=True)
    path = out / "results.jsonl"
    done: dict[str, Result] = {}
    if path.exists():
        lines = path.read_text(encoding="utf-8").splitlines()
        if lines and json.loads(lines[0]).get("fingerprint") == fingerprint:
            for line in lines[1:]:
                try:
                    row = json.loads(line)
                except ValueError:
                    continue
                done[row["id"]] = Result(**row)
    if not done:
        path.write_text(json.dumps({"fingerprint": fingerprint}) + "\n", encoding="utf-8")
    results = []
    for n, item in enumerate(items, 1):
        res = done.get(item.id)
        if res is None:
            t = time.perf_counter()
            answer = bot.ask(item.question, history=list(item.history), as_of=item.as_of)
            assert isinstance(answer, Answer)
            res = score(item, answer)
            res.total_s = res.total_s or time.perf_counter() - t
            with path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(asdict(res), ensure_ascii=False) + "\n")
        results.append(res)
        if progress:
            progress("eval", n, len(items))
    with (out / "responses.jsonl").open("w", encoding="utf-8") as f:
        for r in results:
            row = {"id": r.id, "response": r.response, "abstained": r.abstained, "citations": r.citations}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    metrics = summarise(items, results)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(report(metrics, items, results), encoding="utf-8")
    return metrics


def report(metrics: dict[str, Any], items: Sequence[Item], results: Sequence[Result]) -> str:
    """The metrics as a Markdown table, then each wrong response."""

    def f(v: Any) -> str:
        return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)

    cols = (
        "n",
        "correct",
        "wrong_abstention",
        "unanswerable_abstention",
        "gold_citation_share",
        "first_token_p50_s",
        "total_p50_s",
    )
    rows = ["| kind | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for k, b in [*metrics["by_kind"].items(), ("**all**", metrics["overall"])]:
        rows.append(f"| {k} | " + " | ".join(f(b[c]) for c in cols) + " |")
    wrong = []
    for it, r in zip(items, results):
        if r.correct:
            continue
        why = "abstained" if r.abstained and it.answerable else "answered" if not it.answerable else (
            "too long" if r.too_long else "missing " + ", ".join(r.missing)
        )  # fmt: skip
        wrong.append(f"- **{it.id}** ({why}) {it.question}\n  - {r.response.splitlines()[0] if r.response else ''}")
    return "# Plain questions\n\n" + "\n".join(rows) + "\n\n## Not correct\n\n" + "\n".join(wrong) + "\n"
