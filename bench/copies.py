"""Copy detection, scored on article pairs: does ``rag.news.copies.group`` put a syndicated copy with its original,
and keep look-alike but different stories apart?

    python bench/copies.py --articles ../shared/eval/multihop-rag/articles [--seed 11] [--n 80] [--write DIR]

The test set is drawn with its own seed: ``--n`` articles of the corpus get one or two copies each, made as
outlets reprint a wire story (another headline and outlet, another outlet's boilerplate at the top or the
bottom, a paragraph trimmed from the end or the start, an editor's paragraph added, a few words changed).
The negatives are every other pair, among them the corpus's own look-alikes: pairs of real articles that
share at least 15% of the shorter one's 5-word shingles (two deal round-ups of one retailer on different
days, a live blog and the match report of one game, two fantasy picks columns); the corpus holds no true
copies among them (read by hand).  Articles pass through Byline's own cleaning (``rag.ingest.load``) first, as at
ingest.  Scored with no chaining: a pair counts as found only when both are in one group.

``--write DIR`` also writes the generated copies as article files (to ingest them and look).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.ingest.clean import clean  # noqa: E402
from rag.ingest.load import split_header  # noqa: E402
from rag.news import copies  # noqa: E402

OUTLETS = ["Yahoo News", "MSN", "The Independent", "Newsday", "Daily Herald", "WTOP", "Star Tribune", "SFGate"]
TOP = [
    "This story was originally published by {src}.",
    "FILE PHOTO: An image for illustration.",
    "Listen to this article",
    "{src} | Updated {day}",
]
BOTTOM = [
    "Copyright 2023 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten"
    " or redistributed without permission.",
    "This article originally appeared on {src}. Read the original here.",
    "Sign up for our free daily newsletter to get the latest news delivered to your inbox every morning.",
    "Reporting by our correspondents; editing by the news desk.",
]
SWAPS = [(" said ", " says "), (" percent", "%"), (" Monday", " on Monday"), (" but ", " however "), (" about ", " around ")]


def paragraphs(body: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", body) if p.strip()]


def make_copy(
    meta: dict[str, str], body: str, rng: random.Random, other_paragraphs: list[str]
) -> tuple[dict[str, str], str, str]:
    """A reprint of one article: (its header, its body, how it was made)."""
    paras = paragraphs(body)
    how = []
    new = dict(meta)
    src = rng.choice(OUTLETS)
    new["source"] = src
    words = meta.get("title", "").split()
    ending = rng.choice([" - report", ": what we know", ", officials say"])
    new["title"] = " ".join(words[: max(3, len(words) - rng.randint(1, 3))]) + ending
    how.append("headline+outlet")
    if rng.random() < 0.25:  # a regional paper runs the first half or more of the wire story
        paras = paras[: max(3, round(len(paras) * rng.uniform(0.5, 0.75)))]
        how.append("cut-to-lead")
    elif rng.random() < 0.5 and len(paras) > 6:
        cut = rng.randint(1, 3)
        paras = paras[:-cut]
        how.append(f"trim-end-{cut}")
    elif rng.random() < 0.5 and len(paras) > 6:
        paras = paras[1:]
        how.append("trim-start")
    if rng.random() < 0.5:
        paras.insert(rng.randint(1, len(paras) - 1), rng.choice(other_paragraphs))
        how.append("added-paragraph")
    if rng.random() < 0.6:
        edits = 0
        for i in rng.sample(range(len(paras)), k=min(rng.choice([4, 8]), len(paras))):
            for a, b in SWAPS:
                if a in paras[i]:
                    paras[i] = paras[i].replace(a, b, 1)
                    edits += 1
                    break
        how.append(f"edits-{edits}")
    if rng.random() < 0.3:  # the copy desk drops a sentence here and there
        for i in rng.sample(range(len(paras)), k=min(2, len(paras))):
            sents = re.split(r"(?<=[.!?])\s+", paras[i])
            if len(sents) > 1:
                sents.pop(rng.randrange(len(sents)))
                paras[i] = " ".join(sents)
        how.append("sentences-dropped")
    day = meta.get("published", "")[:10]
    if rng.random() < 0.6:
        paras.insert(0, rng.choice(TOP).format(src=src, day=day))
        how.append("top-boilerplate")
    if rng.random() < 0.7:
        paras.append(rng.choice(BOTTOM).format(src=meta.get("source", "the wire")))
        how.append("bottom-boilerplate")
    return new, "\n\n".join(paras), ",".join(how)


def load(folder: Path) -> dict[str, tuple[dict[str, str], str]]:
    out = {}
    for f in sorted(folder.glob("*.txt")):
        meta, body = split_header(f.read_text(encoding="utf-8"))
        out[f.name] = (meta, body)
    return out


def text_of(body: str) -> str:
    """The article text as Byline indexes it."""
    return clean(body).text


def _how(pair: frozenset[str], made: dict[str, tuple[dict[str, str], str, str, str]]) -> str:
    return ",".join(made[x][3] for x in pair if x in made)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", required=True)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--n", type=int, default=80)
    ap.add_argument("--write", default="")
    args = ap.parse_args()
    corpus = load(Path(args.articles))
    texts = {k: text_of(b) for k, (_, b) in corpus.items()}
    sh = {k: copies.shingles(t) for k, t in texts.items()}
    # The corpus's own look-alikes: real article pairs sharing at least 15% of the shorter one's shingles.
    lookalikes = []
    for a, b in itertools.combinations(sorted(corpus), 2):
        c, _ = copies.similar(sh[a], sh[b])
        if c >= 0.15:
            lookalikes.append((a, b, round(c, 3)))
    rng = random.Random(args.seed)
    eligible = [k for k, (_, b) in corpus.items() if len(paragraphs(b)) >= 6 and len(texts[k].split()) >= 250]
    originals = rng.sample(eligible, k=min(args.n, len(eligible)))
    pool = [p for k in corpus for p in paragraphs(corpus[k][1]) if 30 <= len(p.split()) <= 80]
    made: dict[str, tuple[dict[str, str], str, str, str]] = {}  # copy name -> (meta, body, original, how)
    for k in originals:
        for j in range(rng.choice([1, 1, 2])):
            meta, body, how = make_copy(*corpus[k], rng, pool)
            made[f"copy{j}-{k}"] = (meta, body, k, how)
    ids = sorted(set(corpus) | set(made))
    all_texts = {**texts, **{c: text_of(b) for c, (_, b, _, _) in made.items()}}
    published = {k: m.get("published", "") for k, (m, _) in corpus.items()}
    published |= {c: m.get("published", "") for c, (m, *_) in made.items()}
    members = [copies.Member(i, published[i], copies.signature(all_texts[i])) for i in ids]
    groups = copies.group(members, all_texts.get)
    predicted = copies.pairs_of(groups)
    story = {k: k for k in corpus} | {c: orig for c, (_, _, orig, _) in made.items()}
    by_story: dict[str, list[str]] = {}
    for i in ids:
        by_story.setdefault(story[i], []).append(i)
    truth = {frozenset(p) for v in by_story.values() for p in itertools.combinations(v, 2)}
    tp = len(predicted & truth)
    look = {frozenset((a, b)) for a, b, _ in lookalikes}

    def contained(pair: frozenset[str]) -> float:
        x, y = tuple(pair)
        return round(copies.similar(copies.shingles(all_texts[x]), copies.shingles(all_texts[y]))[0], 3)

    def recall(change: str) -> float:
        have = [p for p in truth if change in _how(p, made)]
        return round(sum(1 for p in have if p in predicted) / max(1, len(have)), 3)

    report = {
        "seed": args.seed,
        "articles": len(ids),
        "copies_made": len(made),
        "true_pairs": len(truth),
        "predicted_pairs": len(predicted),
        "precision": round(tp / len(predicted), 3) if predicted else 1.0,
        "recall": round(tp / len(truth), 3) if truth else 1.0,
        "lookalike_pairs": len(look),
        "lookalikes_merged": len(predicted & look),
        "recall_by_change": {
            change: recall(change)
            for change in ("cut-to-lead", "trim", "added-paragraph", "edits", "sentences-dropped", "boilerplate")
        },
        "min_containment_of_copies": min(contained(p) for p in truth),
        "max_containment_of_lookalikes": max((c for _, _, c in lookalikes), default=0.0),
        "missed": sorted((_how(p, made), contained(p)) for p in truth - predicted)[:20],
        "false": sorted(tuple(sorted(p)) for p in predicted - truth)[:20],
    }
    print(json.dumps(report, indent=1))
    if args.write:
        out = Path(args.write)
        out.mkdir(parents=True, exist_ok=True)
        for c, (meta, body, _, _) in made.items():
            head = "\n".join(f"{k.capitalize()}: {v}" for k, v in meta.items())
            (out / c).write_text(f"{head}\n\n{body}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
