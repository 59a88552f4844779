"""Page furniture in the index: the lines outlets repeat on every article, found by counting, and the chunks
that carry them before and after cleaning removes notices (``rag.ingest.clean.notice``).

    python bench/boilerplate.py [--articles ../shared/eval/multihop-rag/articles] [--gold .../gold.jsonl] [--min 3]

1. A frequency scan: every line (whitespace folded) repeated in ``--min`` or more articles, with how many
   articles and outlets repeat it and whether cleaning now removes it (a notice) or keeps it (repeated
   reporting, table headings, product names, "Source: ..." credits).
2. Chunks (the index's own chunking) that hold a notice line, with the notice rule off and on.
3. Gold facts (MultiHop-RAG's evidence ``fact`` strings) found verbatim in the cleaned articles, off and on:
   no fact may be lost.

Prints Markdown.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.ingest import clean as cleaning  # noqa: E402
from rag.ingest.chunk import chunk  # noqa: E402
from rag.ingest.files import SourceFile  # noqa: E402
from rag.ingest.load import read, split_header  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "multihop-rag"


def fold(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip()


def scan(files: list[Path], least: int) -> list[tuple[str, int, int]]:
    """``(line, articles, outlets)`` for every line repeated in at least ``least`` articles, most repeated first."""
    count: Counter[str] = Counter()
    outlets: dict[str, set[str]] = defaultdict(set)
    for path in files:
        meta, body = split_header(path.read_text(encoding="utf-8", errors="replace"))
        for line in {fold(x) for x in body.splitlines() if x.strip()}:
            count[line] += 1
            outlets[line].add(meta.get("source", ""))
    return [(line, n, len(outlets[line])) for line, n in count.most_common() if n >= least]


def index_view(files: list[Path], rule: bool) -> tuple[list[Any], list[Any]]:
    """(articles, chunks) as ingest would make them, with the notice rule on or off."""
    original = cleaning.notice
    if not rule:
        cleaning.notice = lambda line: False  # type: ignore[assignment]
    try:
        articles = [a for p in files for a in read(SourceFile(p, p.name))[0]]
    finally:
        cleaning.notice = original
    return articles, [c for a in articles for c in chunk(a)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", default=str(SHARED / "articles"))
    p.add_argument("--gold", default=str(SHARED / "gold.jsonl"))
    p.add_argument("--min", type=int, default=3, help="repeated in at least this many articles (default 3)")
    p.add_argument("--show", type=int, default=40, help="repeated lines to list (default 40)")
    args = p.parse_args(argv)
    files = sorted(Path(args.articles).glob("*.txt"))
    repeated = scan(files, args.min)
    notices = [r for r in repeated if cleaning.notice(r[0])]
    print(f"## Lines repeated in {args.min}+ of {len(files)} articles: {len(repeated)}, of which notices {len(notices)}\n")
    print("| articles | outlets | removed | line |\n|---|---|---|---|")
    for line, n, outlets in repeated[: args.show]:
        shown = line[:110].replace("|", "\\|") + ("…" if len(line) > 110 else "")
        print(f"| {n} | {outlets} | {'yes' if cleaning.notice(line) else 'no'} | {shown} |")

    rows = []
    texts = {}
    for rule in (False, True):
        articles, chunks = index_view(files, rule)
        texts[rule] = [fold(a.text) for a in articles]
        carrying = sum(1 for c in chunks if any(cleaning.notice(x) for x in c.text.splitlines()))
        repeated_notice = {line for line, _, _ in notices}
        carrying_repeated = sum(1 for c in chunks if any(fold(x) in repeated_notice for x in c.text.splitlines()))
        rows.append((rule, len(chunks), carrying, carrying_repeated))
    print("\n## Chunks carrying notices\n\n| notice rule | chunks | with any notice line | with a repeated notice (scan above) |")
    print("|---|---|---|---|")
    for rule, n, carrying, carrying_repeated in rows:
        print(f"| {'on' if rule else 'off'} | {n} | {carrying} | {carrying_repeated} |")

    gold = Path(args.gold)
    if gold.is_file():
        facts = {fold(e["fact"]) for line in gold.open(encoding="utf-8") for e in json.loads(line).get("evidence", [])}
        found = {rule: {f for f in facts if any(f in t for t in texts[rule])} for rule in (False, True)}
        lost = found[False] - found[True]
        off, on = len(found[False]), len(found[True])
        print(f"\n## Gold facts found verbatim: rule off {off}, on {on} of {len(facts)}; lost {len(lost)}")
        for f in sorted(lost)[:10]:
            print(f"- lost: {f[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
