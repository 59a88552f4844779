"""Sample the answer-line citations of a ``byline eval`` run for a support judgment, and score the judgments.

    python bench/citation_sample.py sample OUT/results.jsonl --n 150 --seed 0 > sample.jsonl
    python bench/citation_sample.py score labels.jsonl

``byline eval`` scores citations against the gold evidence (is the quote a gold
fact sentence, is it from a gold article); neither says whether the cited
sentence supports what it is cited for.  This script draws citations on the
direct-answer line (the quote lines cite themselves verbatim, checked by
offsets) and writes, for each, the question, the direct answer and the cited
sentence with its outlet and date, nothing of the gold data, for a reader to
label ``full`` (the sentence alone establishes the answer), ``part`` (it
establishes one of the facts the answer rests on, e.g. one side of a
comparison) or ``no``.  ``score`` prints the share labelled full or part.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter

_QUOTE = re.compile(r'^- (?:(?P<who>[^"]*?): )?"(?P<quote>.*)" \[(?P<n>\d+)\]$')


def citations(row: dict) -> list[dict]:
    """The answer line's citations of one eval result row, with their quoted sentences."""
    lines = (row.get("full") or "").split("\n")
    if not lines or row.get("abstained"):
        return []
    first = lines[0]
    quotes = {}
    for x in lines[1:]:
        m = _QUOTE.match(x)
        if m:
            quotes[int(m.group("n"))] = (m.group("who") or "", m.group("quote"))
    out = []
    for n in dict.fromkeys(int(k) for k in re.findall(r"\[(\d+)\]", first)):
        who, quote = quotes.get(n, ("", ""))
        if not quote:  # the answer is the sentence itself (extractive): nothing to judge
            continue
        out.append(
            {
                "id": row["id"],
                "n": n,
                "type": row["type"],
                "question": row["question"],
                "answer": re.sub(r"\s*\[\d+\]", "", first).strip(),
                "cited": f"{who}: {quote}" if who else quote,
            }
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("results")
    s.add_argument("--n", type=int, default=150)
    s.add_argument("--seed", type=int, default=0)
    c = sub.add_parser("score")
    c.add_argument("labels")
    args = ap.parse_args()
    if args.cmd == "sample":
        rows = [json.loads(x) for x in open(args.results, encoding="utf-8") if '"system": "byline"' in x]
        pool = [c for r in rows for c in citations(r)]
        print(f"{len(pool)} answer-line citations in {sum(1 for r in rows if not r.get('abstained'))} answers", file=sys.stderr)
        for c in sorted(random.Random(args.seed).sample(pool, min(args.n, len(pool))), key=lambda c: (c["id"], c["n"])):
            print(json.dumps(c, ensure_ascii=False))
        return
    labels = [json.loads(x) for x in open(args.labels, encoding="utf-8") if x.strip()]
    count = Counter(x["label"] for x in labels)
    by_type: dict[str, Counter] = {}
    for x in labels:
        by_type.setdefault(x["type"], Counter())[x["label"]] += 1
    n = len(labels)
    print(
        f"{n} citations: full {count['full']}, part {count['part']}, no {count['no']}; "
        f"support (full or part) {(count['full'] + count['part']) / n:.3f}"
    )
    for t, cnt in sorted(by_type.items()):
        m = sum(cnt.values())
        print(f"  {t}: {m} citations, support {(cnt['full'] + cnt['part']) / m:.3f}")


if __name__ == "__main__":
    main()
