"""How many of a plain question's key facts reach each stage: the retrieved passages, the top 3 of them,
and the evidence sentences the model reads (no model runs; dev split by default).

  python bench/evidence_recall.py --index DIR [--split dev] [--gold bench/natural/questions.jsonl]
  python bench/evidence_recall.py --index DIR --ceiling [--kind explain,summary]

``--ceiling``, for the answers written in several sentences: the key facts in all the sentences the evidence is
chosen from (the long answer's candidates, read with no budget) against those in the evidence the model reads
(``long_chars``, ``long_sentences``; an explanation's ``explain_chars``, ``explain_sentences``), and how many
questions have every key fact in the evidence, and in at most three evidence sentences within the graded answer's
120 words: what the best choice of quoted sentences could answer, whatever the model names.
"""

from __future__ import annotations

import argparse
import collections
import inspect
import itertools
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
    p.add_argument("--ceiling", action="store_true", help="the long answers' candidates, evidence and best choice")
    p.add_argument("--kind", default="explain,summary", help="with --ceiling: the kinds (comma-separated)")
    args = p.parse_args()
    bot = Assistant(index=args.index, llm="extractive")
    if args.ceiling:
        ceiling(bot, args)
        return
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


def ceiling(bot, args) -> None:  # type: ignore[no-untyped-def]
    """The ``--ceiling`` figures (module docstring), per kind."""
    import rag.ask.gather as gather_module
    from rag.eval.natural import MAX_WORDS, includes, load

    real = gather_module.gather
    pool: list = []

    def unbounded(*a, **kw):  # type: ignore[no-untyped-def]
        bound = inspect.signature(real).bind(*a, **kw)
        pool[:] = real(**{**bound.arguments, "max_chars": 10**7, "max_sentences": 10**5})
        return real(*a, **kw)

    gather_module.gather = unbounded
    kinds = set(args.kind.split(","))
    stat: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for it in load(args.gold):
        if it.split != args.split or not it.answerable or it.kind not in kinds:
            continue
        q = bot._finder.read(it.question, list(it.history))
        passages, _ = bot._finder.find(q, bot.config.k, ("", ""))
        pool.clear()
        evidence = bot._finder.evidence(q, tuple(passages))
        facts = [f for f in it.must_include if f.strip().lower() not in ("yes", "no")]
        have = [[f for f in facts if includes(e.text, f)] for e in evidence]
        s = stat[it.kind]
        s["questions"] += 1
        s["facts"] += len(facts)
        s["candidates"] += sum(includes(" ".join(e.text for e in pool), f) for f in facts)
        given = {f for h in have for f in h}
        s["evidence"] += len(given)
        s["all in evidence"] += len(given) == len(facts)
        s["best 3 sentences"] += any(
            len({f for i in c for f in have[i]}) == len(facts) and sum(len(evidence[i].text.split()) for i in c) <= MAX_WORDS
            for r in (1, 2, 3)
            for c in itertools.combinations(range(len(evidence)), r)
        )
    print("kind       questions facts  in candidates  in evidence  all in evidence  best 3 sentences")
    for kind, s in sorted(stat.items()):
        print(
            f"{kind:10} {s['questions']:9} {s['facts']:5} {s['candidates']:14} {s['evidence']:12} "
            f"{s['all in evidence']:16} {s['best 3 sentences']:17}"
        )


if __name__ == "__main__":
    main()
