"""Are an answer's sentences supported by the passages they cite?  Draw a sample to label, and count the labels.

  python bench/sentence_support.py sample EVAL_OUT/results.jsonl --n 160 --seed 0 > docs/support_sample.jsonl
  (a reviewer adds "label": "supported" | "partly" | "unsupported" and a "reason" to each line, given no gold data)
  python bench/sentence_support.py score docs/support_judgments.jsonl

A sentence is one of the answer's own lines (not a quoted article line) of an answered question of
``byline eval bench/natural/questions.jsonl``; it is shown with the question, with the markers removed, and
with the verbatim passages its markers cite (outlet, date, title).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

_MARK = re.compile(r"\[(\d+)\]")
_QUOTE_LINE = re.compile(r'^- [^"]{0,80}: ".*" (\[\d+\])+$')


def sentences(row: dict) -> list[dict]:
    """The answer's own lines of one result, each with the citations its markers name."""
    out = []
    cites = row.get("citations") or []
    for line in (row.get("response") or "").splitlines():
        if not line.strip() or _QUOTE_LINE.match(line):
            continue
        ns = [int(n) for n in _MARK.findall(line)]
        text = _MARK.sub("", line).strip().removeprefix("- ").strip()
        cited = [cites[n - 1] for n in ns if 0 < n <= len(cites)]
        out.append({"sentence": text, "cited": cited})
    return out


def sample(args: argparse.Namespace) -> None:
    rows = [json.loads(x) for x in Path(args.results).read_text(encoding="utf-8").splitlines()[1:] if x.strip()]
    pool = []
    for r in rows:
        if r.get("abstained"):
            continue
        for i, s in enumerate(sentences(r)):
            pool.append({"id": f"{r['id']}/{i}", "kind": r["kind"], "question": "", **s})
    gold = {}
    if args.gold:
        rows_gold = [json.loads(x) for x in Path(args.gold).read_text(encoding="utf-8").splitlines() if x]
        gold = {g["id"]: g["question"] for g in rows_gold}
    for p in pool:
        p["question"] = gold.get(p["id"].rsplit("/", 1)[0], "")
    picked = random.Random(args.seed).sample(pool, min(args.n, len(pool)))
    for p in sorted(picked, key=lambda p: p["id"]):
        sys.stdout.write(json.dumps(p, ensure_ascii=False) + "\n")


def score(args: argparse.Namespace) -> None:
    rows = [json.loads(x) for x in Path(args.labels).read_text(encoding="utf-8").splitlines() if x.strip()]
    labels = Counter(r.get("label") for r in rows)
    by_kind: dict[str, Counter] = {}
    for r in rows:
        by_kind.setdefault(r["kind"], Counter())[r.get("label")] += 1
    n = len(rows)
    kinds = {}
    for k, c in sorted(by_kind.items()):
        kinds[k] = {"n": sum(c.values()), "supported": round(c["supported"] / sum(c.values()), 3)}
    result = {
        "n": n,
        "supported": round(labels["supported"] / n, 3) if n else None,
        "supported_or_partly": round((labels["supported"] + labels["partly"]) / n, 3) if n else None,
        "labels": dict(labels),
        "by_kind": kinds,
    }
    print(json.dumps(result, indent=2))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("results")
    s.add_argument("--gold", default="bench/natural/questions.jsonl")
    s.add_argument("--n", type=int, default=160)
    s.add_argument("--seed", type=int, default=0)
    c = sub.add_parser("score")
    c.add_argument("labels")
    args = p.parse_args()
    {"sample": sample, "score": score}[args.cmd](args)


if __name__ == "__main__":
    main()
