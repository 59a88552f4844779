"""How many of a plain question's key facts reach each stage: the retrieved passages, the top 3 of them,
and the evidence sentences the model reads (no model runs; dev split by default).

  python bench/evidence_recall.py --index DIR [--split dev] [--gold bench/natural/questions.jsonl]
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from rag import Assistant
    from rag.eval.natural import includes, load

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--index", required=True)
    p.add_argument("--gold", default="bench/natural/questions.jsonl")
    p.add_argument("--split", default="dev")
    args = p.parse_args()
    bot = Assistant(index=args.index, llm="extractive")
    stat: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for it in load(args.gold):
        if it.split != args.split or not it.answerable:
            continue
        q = bot._finder.read(it.question, list(it.history))
        passages, _ = bot._finder.find(q, bot.config.k, ("", ""))
        evidence = " ".join(e.text for e in bot._finder.evidence(q, tuple(passages)))
        s = stat[it.kind]
        for fact in it.must_include:
            if fact.strip().lower() in ("yes", "no"):
                continue
            s["facts"] += 1
            s["passages"] += includes(" ".join(x.text for x in passages), fact)
            s["top3"] += includes(" ".join(x.text for x in passages[:3]), fact)
            s["evidence"] += includes(evidence, fact)
    print("kind          facts  in passages  in top 3  in evidence")
    for kind, s in sorted(stat.items()):
        n = s["facts"]
        print(f"{kind:12} {n:6} {s['passages'] / n:12.2f} {s['top3'] / n:9.2f} {s['evidence'] / n:12.2f}")


if __name__ == "__main__":
    main()
