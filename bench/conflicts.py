"""Disagreeing sources: does the answer say so, citing each version?

    python bench/conflicts.py [--llm extractive local] [--normal 48] [--show]

Indexes seeds/ together with the set built by bench/conflict_set.py
(tests/data/conflicts/) in a temp index, asks every case's question, and prints:

* conflict cases: the share whose answer has a disagreement citing both versions
  (the original outlet's value and the second outlet's), and the share where
  both articles were among the retrieved passages;
* agreeing and different-quantity cases: false alarms (any disagreement reported);
  accuracy = the original value in the direct answer;
* a normal sample: figure questions about seeds/ (below, several about the
  three daily market reports, where different days give different figures),
  then MultiHop-RAG questions whose evidence articles are all in seeds/ (48):
  accuracy (the gold answer in the direct answer, as in the paper) and how
  many answers reported a disagreement.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, pct, table  # noqa: E402

SET = ROOT / "tests" / "data" / "conflicts"
MULTIHOP = ROOT.parent / "shared" / "eval" / "multihop-rag" / "MultiHopRAG.json"
# Figure questions about seeds/, with the answer as the article writes it.
FIGURES = [
    ("How many Islamic State prisoners did US forces move from Syria to Iraq?", "150"),
    ("How many Islamic State detainees could ultimately be transferred from Syria to Iraq?", "7,000"),
    ("By how much did Evolution Mining shares sink after it raised $525 million selling new shares?", "13"),
    ("What cash rate does the National Australia Bank forecast after another hike in November?", "4.35"),
    ("What share of US consumers' disposable income did household mortgage debt represent in the second quarter?", "65"),
    ("By how much did Check Point's salesforce grow over the past year?", "25"),
    ("What was the loan-to-value ratio of US mortgage debt in the second quarter, according to Bank of America?", "27"),
    ("By how many points did the S&P 500 climb as interest rate hopes boosted US shares?", "40.56"),
    ("How much did the Dow Jones fall as Wall Street closed September?", "0.5"),
    ("By how many points did the S&P 500 slip in all as Wall Street closed September?", "11.65"),
]


def same(value: str, text: str) -> bool:
    """Whether ``text`` gives the figure ``value`` (as parsed by rag.ask.conflict)."""
    from rag.ask.conflict import tokens

    want = list(tokens(value)[1].values())
    return bool(want) and any(f.kind == want[0].kind and f.agrees(want[0]) for f in tokens(text)[1].values())


def surfaced(answer: Any, case: dict[str, Any]) -> bool:
    """Both versions in one reported disagreement, each cited to an article of its outlet."""
    for c in answer.conflicts:
        found = {"a": False, "b": False}
        for value, refs in zip(c.values, c.citations):
            outlets = {answer.citations[n - 1].source for n in refs}
            for side in found:
                if same(case[side]["value"], value) and case[side]["source"] in outlets:
                    found[side] = True
        if all(found.values()):
            return True
    return False


def normal_sample(limit: int) -> list[dict[str, Any]]:
    """The figure questions, then MultiHop-RAG questions answerable from seeds/ alone."""
    import re

    titles = {
        re.search(r"^Title: (.*)$", p.read_text(encoding="utf-8"), re.M).group(1).strip() for p in (ROOT / "seeds").glob("0*.txt")
    }  # type: ignore[union-attr]
    data = json.loads(MULTIHOP.read_text(encoding="utf-8")) if limit else []
    ok = [q for q in data if q["evidence_list"] and all(e["title"].strip() in titles for e in q["evidence_list"])]
    return [{"query": q, "answer": a} for q, a in FIGURES] + ok[:limit]


def correct(direct: str, gold: str) -> bool:
    return gold.lower() in direct.lower()


def run(bot: Any, llm: str, cases: list[dict[str, Any]], normal: list[dict[str, Any]], show: bool) -> list[list[Any]]:
    stats: dict[str, list[bool]] = {}
    first: list[float] = []

    def note(key: str, ok: bool) -> None:
        stats.setdefault(key, []).append(ok)

    for case in cases:
        answer = bot.ask(case["question"], llm=llm)
        first.append(answer.timings.get("first_token_s", answer.timings["total_s"]))
        kind = case["kind"]
        sources = {p.source for p in answer.passages}
        if kind == "conflict":
            note("surfaced", surfaced(answer, case))
            note("retrieved both", {case["a"]["source"], case["b"]["source"]} <= sources)
        else:
            note(f"alarm {kind}", bool(answer.conflicts))
            note(f"right {kind}", same(case["a"]["value"], answer.direct))
        if show:
            print(f"[{llm}] {kind} {case['id']:02d} {case['question'][:60]!r} -> {answer.direct[:160]!r}", flush=True)
    for q in normal:
        answer = bot.ask(q["query"], llm=llm)
        first.append(answer.timings.get("first_token_s", answer.timings["total_s"]))
        part = "figures" if q["query"] in dict(FIGURES) else "multihop"
        note(f"{part} right", correct(answer.direct, q["answer"]))
        note(f"{part} alarm", bool(answer.conflicts))
        if answer.conflicts or show:
            print(f"[{llm}] normal {q['query'][:60]!r} -> {answer.direct[:200]!r} (gold {q['answer']!r})", flush=True)

    def share(key: str) -> str:
        v = stats.get(key, [])
        return f"{sum(v)}/{len(v)}" if v else "-"

    return [
        [llm, "conflict: both versions cited", share("surfaced")],
        [llm, "conflict: both articles retrieved", share("retrieved both")],
        [llm, "agree: false alarms", share("alarm agree")],
        [llm, "different quantity: false alarms", share("alarm different")],
        [llm, "agree + different: original value in the direct answer", share("right agree") + ", " + share("right different")],
        [llm, "normal figure questions: accuracy", share("figures right")],
        [llm, "normal figure questions: disagreement reported", share("figures alarm")],
        [llm, "MultiHop-RAG sample: accuracy", share("multihop right")],
        [llm, "MultiHop-RAG sample: disagreement reported", share("multihop alarm")],
        [llm, "first token p50 / max s", f"{pct(first, 50):.2f} / {max(first):.2f}"],
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--llm", nargs="+", default=["extractive", "local"])
    ap.add_argument("--normal", type=int, default=48, help="MultiHop-RAG questions answerable from seeds/ to ask")
    ap.add_argument("--show", action="store_true", help="print every answer")
    args = ap.parse_args()
    from rag import Assistant

    cases = json.loads((SET / "manifest.json").read_text(encoding="utf-8"))
    normal = normal_sample(args.normal if MULTIHOP.exists() else 0)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        shutil.copytree(ROOT / "seeds", folder)
        for f in (SET / "articles").glob("*.txt"):
            shutil.copy(f, folder / f.name)
        bot = Assistant(index=Path(tmp) / "index", llm=args.llm[0])
        t = time.perf_counter()
        report = bot.ingest(folder)
        print(f"indexed {report.added} articles, {report.chunks} chunks in {time.perf_counter() - t:.0f} s", flush=True)
        rows: list[list[Any]] = []
        for llm in args.llm:
            rows += run(bot, llm, cases, normal, args.show)
    kinds = [c["kind"] for c in cases]
    counts = ", ".join(f"{kinds.count(k)} {k}" for k in ("conflict", "agree", "different"))
    print(f"\ncases: {counts}; normal questions: {len(normal)}\n")
    print(table(["answerer", "measure", "result"], rows))


if __name__ == "__main__":
    main()
