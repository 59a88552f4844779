"""How well the sentence checker (rag/ask/verify.py) tells supported answer sentences from wrong ones.

Three steps:

  python bench/checker.py collect --index DIR --gold bench/natural/questions.jsonl --out docs/checker_sentences.jsonl
      asks the local model the dev questions of the long kinds and writes every sentence it wrote, before any
      check, with the evidence it was shown;
  (a reviewer labels each sentence "supported": true/false against that evidence, given no checker output)
  python bench/checker.py plant --sentences docs/checker_sentences.jsonl --out docs/checker_planted.jsonl
      makes, from each supported sentence, copies with one detail swapped (a figure, a name, a year, an outlet)
      for a value its evidence does not give;
  python bench/checker.py score --sentences docs/checker_sentences.jsonl --planted docs/checker_planted.jsonl
      the share of planted and of reviewer-unsupported sentences the checker rejects, and of reviewer-supported
      sentences it keeps (with the evidence the checker may re-cite from).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.ask.evidence import Evidence  # noqa: E402
from rag.types import Passage  # noqa: E402

LONG = ("explain", "said", "summary", "list")


def collect(args: argparse.Namespace) -> None:
    from rag import Assistant
    from rag.ask.prose import prompt
    from rag.ask.streamed import sentences_of
    from rag.eval.natural import load

    bot = Assistant(index=args.index, llm="local")
    writer = bot._writer("local")
    items = [it for it in load(args.gold) if it.split == "dev" and it.kind in LONG and it.answerable][: args.limit]
    out = Path(args.out)
    done = {json.loads(x)["id"].split("/")[0] for x in out.read_text(encoding="utf-8").splitlines()} if out.exists() else set()
    with open(out, "a", encoding="utf-8") as f:  # an interrupted run resumes
        for it in items:
            if it.id in done:
                continue
            q = bot._finder.read(it.question, list(it.history))
            if q.kind not in LONG:
                continue  # read as another kind: its answer is not model-written sentences
            passages, _ = bot._finder.find(q, bot.config.k, ("", ""))
            evidence = bot._finder.evidence(q, passages)
            if not evidence:
                continue
            raw = sentences_of(writer.write(prompt(q, evidence, bot.config.max_answer_tokens)), q.kind == "list")
            ev = [
                {"text": e.text, "source": e.passage.source, "title": e.passage.title, "published": e.passage.published}
                for e in evidence
            ]
            for n, sentence in enumerate(raw):
                row = {"id": f"{it.id}/{n}", "question": it.question, "sentence": sentence, "evidence": ev, "supported": None}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
            print(it.id, file=sys.stderr)


def _evidence(rows: list[dict[str, Any]]) -> list[Evidence]:
    out = []
    for i, e in enumerate(rows):
        p = Passage(f"c{i}", f"a{e['title']}", e["text"], 0, len(e["text"]), 1.0, e["title"], e["source"], e["published"])
        out.append(Evidence(p, 0, len(e["text"]), e["text"], 1.0, 1.0))
    return out


_NUM = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_NAME = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})?")
OUTLETS = ["Reuters", "Bloomberg", "TechCrunch", "The Verge", "Fortune", "Sky News", "The Guardian", "Sporting News"]


def plant(args: argparse.Namespace) -> None:
    rows = [json.loads(x) for x in Path(args.sentences).read_text(encoding="utf-8").splitlines() if x.strip()]
    good = [r for r in rows if r.get("supported")]
    names = sorted({m.group(0) for r in rows for e in r["evidence"] for m in _NAME.finditer(e["text"])})
    rng = random.Random(args.seed)
    out = []
    for r in good:
        text, ev = _clean(r["sentence"]), " ".join(e["text"] + " " + e["title"] for e in r["evidence"])
        kinds = []
        years = [m for m in _YEAR.finditer(text)]
        nums = [m for m in _NUM.finditer(text) if not _YEAR.fullmatch(m.group(0))]
        if nums:
            m = rng.choice(nums)
            value = m.group(0).replace(",", "")
            new = str(int(float(value) * 2 + 3)) if "." not in value else f"{float(value) * 2 + 0.7:.1f}"
            kinds.append(("figure", text[: m.start()] + new + text[m.end() :], new))
        if years:
            m = rng.choice(years)
            new = str(int(m.group(0)) - rng.choice([1, 2, 3]))
            kinds.append(("year", text[: m.start()] + new + text[m.end() :], new))
        found = [m for m in _NAME.finditer(text)]
        if found:
            m = rng.choice(found)
            others = [n for n in names if n.lower() not in ev.lower() and n.split()[0] not in text]
            if others:
                new = rng.choice(others)
                kinds.append(("name", text[: m.start()] + new + text[m.end() :], new))
        sources = {e["source"] for e in r["evidence"]}
        other = [o for o in OUTLETS if o not in sources]
        kinds.append(("outlet", f"According to {rng.choice(other)}, {text[0].lower()}{text[1:]}", ""))
        for kind, sentence, new in kinds:
            if new and new.lower() in ev.lower():
                continue  # the swapped-in value is in the evidence after all: not an error
            out.append({"id": f"{r['id']}/{kind}", "kind": kind, "sentence": sentence, "evidence": r["evidence"]})
    Path(args.out).write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in out), encoding="utf-8")
    print(f"{len(out)} planted errors from {len(good)} supported sentences")


def _clean(sentence: str) -> str:
    from rag.ask.replies import clean_sentence

    return clean_sentence(re.sub(r"\s*\[\d+(?:,\s*\d+)*\]", "", sentence.lstrip("-•* ")))


def score(args: argparse.Namespace) -> None:
    from rag.ask.verify import recite

    outlets = OUTLETS + ["Business Line", "The Age", "The Independent - Life and Style"]
    rows = [json.loads(x) for x in Path(args.sentences).read_text(encoding="utf-8").splitlines() if x.strip()]
    labelled = [r for r in rows if r.get("supported") is not None]
    planted = [json.loads(x) for x in Path(args.planted).read_text(encoding="utf-8").splitlines() if x.strip()]

    def kept(row: dict[str, Any]) -> bool:
        return recite(_clean(row["sentence"]), _evidence(row["evidence"]), [], outlets) is not None

    good = [r for r in labelled if r["supported"]]
    bad = [r for r in labelled if not r["supported"]]
    result: dict[str, Any] = {
        "supported_kept": _share(kept(r) for r in good),
        "unsupported_rejected": _share(not kept(r) for r in bad),
        "planted_rejected": _share(not kept(r) for r in planted),
        "n_supported": len(good),
        "n_unsupported": len(bad),
        "n_planted": len(planted),
    }
    for kind in sorted({p["kind"] for p in planted}):
        result[f"planted_rejected_{kind}"] = _share(not kept(p) for p in planted if p["kind"] == kind)
    if args.show:
        for r in good:
            if not kept(r):
                print("DROPPED (supported):", r["sentence"], file=sys.stderr)
        for p in planted:
            if kept(p):
                print("KEPT (planted):", p["sentence"], file=sys.stderr)
    print(json.dumps(result, indent=2))


def _share(values: Any) -> float | None:
    v = [bool(x) for x in values]
    return round(sum(v) / len(v), 3) if v else None


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--index", required=True)
    c.add_argument("--gold", default="bench/natural/questions.jsonl")
    c.add_argument("--out", default="docs/checker_sentences.jsonl")
    c.add_argument("--limit", type=int, default=40)
    pl = sub.add_parser("plant")
    pl.add_argument("--sentences", default="docs/checker_sentences.jsonl")
    pl.add_argument("--out", default="docs/checker_planted.jsonl")
    pl.add_argument("--seed", type=int, default=0)
    s = sub.add_parser("score")
    s.add_argument("--sentences", default="docs/checker_sentences.jsonl")
    s.add_argument("--planted", default="docs/checker_planted.jsonl")
    s.add_argument("--show", action="store_true")
    args = p.parse_args()
    {"collect": collect, "plant": plant, "score": score}[args.cmd](args)


if __name__ == "__main__":
    main()
