"""Plain questions answered once by the local model, then again from its recorded replies: a change to what the
answer does with the model's output (which evidence sentences fill a long answer, in what order) is measured in
seconds instead of minutes, on the model's own words.  A change to a prompt or to the evidence the model reads
is not: its prompts were not recorded, and replaying says so.

  python bench/replayed.py record --index DIR --out REPLIES.jsonl [--split dev] [--kind explain,summary]
  python bench/replayed.py replay --index DIR --out REPLIES.jsonl [--split dev] [--kind explain,summary]

Each prints the right answers and the key facts given (as ``byline eval`` scores them) and writes the
per-question outcomes beside the replies (``REPLIES.jsonl.record.json`` / ``.replay.json``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from rag import Assistant, ModelError
    from rag.eval.natural import load, score
    from rag.eval.replay import Recorder, Replayer

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=("record", "replay"))
    p.add_argument("--index", required=True, help="an index holding the MultiHop-RAG articles")
    p.add_argument("--out", required=True, help="the recorded replies (JSON lines)")
    p.add_argument("--gold", default=str(Path(__file__).parent / "natural" / "questions.jsonl"))
    p.add_argument("--split", default="dev")
    p.add_argument("--kind", default="explain,summary", help="comma-separated kinds")
    args = p.parse_args()
    if args.mode == "record":
        writer = Recorder(Assistant(index=args.index, llm="local")._writer("local"))
    else:
        writer = Replayer.load(args.out)
    bot = Assistant(index=args.index, llm="local", writer=writer)
    kinds = set(args.kind.split(","))
    outcomes = []
    for it in load(args.gold):
        if it.split != args.split or it.kind not in kinds:
            continue
        try:
            r = score(it, bot.ask(it.question, history=list(it.history)))
        except ModelError as e:  # a prompt that was not recorded: the change reached the model's input
            print(f"{it.id}: {e}", file=sys.stderr)
            continue
        given = len(it.must_include) - len(r.missing)
        outcomes.append({"id": it.id, "correct": r.correct, "missing": r.missing, "given": given, "response": r.response})
    if args.mode == "record":
        writer.save(args.out)
    Path(f"{args.out}.{args.mode}.json").write_text(json.dumps(outcomes, indent=1), encoding="utf-8")
    right = sum(o["correct"] for o in outcomes)
    print(f"{args.mode} {args.split} {args.kind}: right {right} / {len(outcomes)}, key facts {sum(o['given'] for o in outcomes)}")


if __name__ == "__main__":
    main()
