"""Would the local model pick better sources for a yes/no answer than the per-report rule?

    python bench/cite_by_model.py --index DIR [--n 60] [--seed 5]

DIR must hold the 609 MultiHop-RAG articles.  For ``--n`` dev-split yes/no
questions, the local model answers under a grammar that makes it name one or two
source numbers after its yes or no, and ``rag.ask.answer.per_report`` picks its
sentences from the same evidence.  Prints, for each, the sources cited per answer
and the share from one of the question's gold evidence articles.  (Tried in
session 4 and not kept; see docs/benchmarks.md.)
"""

from __future__ import annotations

import argparse
import os
import random
import re

from rag import Assistant
from rag.ask.answer import SHORT_SYSTEM as SYSTEM
from rag.ask.answer import evidence_prompt
from rag.ask.evidence import select
from rag.ask.grounding import per_report
from rag.ask.question import is_yes_no
from rag.eval.gold import load_gold, select_items
from rag.models.writers import chatml


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--gold", default=os.environ.get("BYLINE_EVAL_DATA", "../shared/eval") + "/multihop-rag/gold.jsonl")
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    items = [i for i in select_items(load_gold(args.gold), "dev") if i.facts and is_yes_no(i.question)]
    random.Random(args.seed).shuffle(items)
    bot = Assistant(index=args.index, llm="local")
    model = bot._get_answerer("local")
    model.warm_up()
    from llama_cpp import LlamaGrammar

    outlets = bot._finder.retriever().sources()
    system = SYSTEM + " After the answer, give the numbers of the sources it rests on, one for each report the question is about."
    cites = {"model": [0, 0], "per report": [0, 0]}
    asked = 0
    for it in items[: args.n]:
        ev = select(it.question, bot.search(it.question))
        if not ev:
            continue
        asked += 1
        grammar = f'root ::= " "? ("Yes" | "No") " [" id "]" (" [" id "]")?\nid ::= [1-{len(ev)}]'
        model._llm.generate_kwargs["grammar"] = LlamaGrammar.from_string(grammar, verbose=False)
        prompt = chatml(system, evidence_prompt(it.question, ev), prefix="Answer:")
        out = "".join(r.delta or "" for r in model._llm.stream_complete(prompt, formatted=True))
        picks = {"model": [int(x) - 1 for x in re.findall(r"\[(\d)\]", out)], "per report": per_report(it.question, ev, outlets)}
        for name, chosen in picks.items():
            for i in dict.fromkeys(chosen):
                cites[name][0] += 1
                cites[name][1] += ev[i].passage.url in it.urls
    for name, (n, gold) in cites.items():
        print(f"{name}: {n / asked:.2f} sources per answer, {gold / n:.3f} from a gold article ({asked} questions)")


if __name__ == "__main__":
    main()
