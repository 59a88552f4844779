"""Story timelines against hand-labelled ones (issue 15): events found, events right, dates right.

  python bench/timelines.py --index DIR [--labels bench/timelines/labels.jsonl] [--limit 40] [--json OUT]

Each labelled story (``bench/timelines/labels.jsonl``, see its README) gives a topic as a user would type it
and the story's events, each with its date and the sentences that report it.  ``Assistant.timeline(topic)``
(extractive, no model) is scored as the issue asks:

* an event is **found** when a bullet cites one of its labelled sentences (recall over labelled events);
* a bullet is **right** when it cites a sentence of a labelled event of the story (precision over bullets);
* a found event is **dated right** when the bullet's date and the label's agree to the coarser of the two
  ("2023-11" agrees with "2023-11-17"), and **exact** when they are equal;
* the share of bullets dated in the text (``date_source`` explicit or relative) and the time each took.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _norm(text))


def same_sentence(quote: str, sentence: str) -> bool:
    """Whether a cited quote is the labelled sentence (or holds it, or is held by it): one contains the other,
    or they share at least 70% of the shorter one's words."""
    a, b = _norm(quote), _norm(sentence)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    wa, wb = _words(a), _words(b)
    shorter, longer = (wa, set(wb)) if len(wa) <= len(wb) else (wb, set(wa))
    return bool(shorter) and sum(w in longer for w in shorter) / len(shorter) >= 0.7


def agrees(got: str, want: str) -> bool:
    """Dates agree to the coarser of the two ("2023-11" and "2023-11-17")."""
    return bool(got) and bool(want) and (got.startswith(want) or want.startswith(got))


def score_story(label: dict[str, Any], timeline: Any) -> dict[str, Any]:
    events = label["events"]
    found: dict[int, Any] = {}
    right = 0
    for bullet in timeline.events:
        hit = None
        for i, ev in enumerate(events):
            if any(
                Path(c.path).name == s["path"] and same_sentence(c.quote, s["sentence"])
                for c in bullet.citations
                for s in ev["evidence"]
            ):
                hit = i
                break
        if hit is not None:
            right += 1
            found.setdefault(hit, bullet)
    dated = [agrees(found[i].date, events[i]["date"]) for i in found]
    exact = [found[i].date == events[i]["date"] for i in found]
    in_text = sum(b.date_source in ("explicit", "relative") for b in timeline.events)
    stories = set(label.get("articles", []))
    off = sum(all(Path(c.path).name not in stories for c in b.citations) for b in timeline.events) if stories else 0
    return {
        "id": label["id"],
        "topic": label["topic"],
        "labelled": len(events),
        "bullets": len(timeline.events),
        "found": len(found),
        "right": right,
        "dated_right": sum(dated),
        "dated_exact": sum(exact),
        "dated_in_text": in_text,
        "off_story": off,
        "missed": [events[i]["what"] for i in range(len(events)) if i not in found],
        "wrong_dates": [
            {"what": events[i]["what"], "label": events[i]["date"], "got": found[i].date}
            for i in found
            if not agrees(found[i].date, events[i]["date"])
        ],
    }


def main() -> None:
    from rag import Assistant

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--index", required=True, help="an index holding the MultiHop-RAG articles")
    p.add_argument("--labels", default=str(Path(__file__).parent / "timelines" / "labels.jsonl"))
    p.add_argument("--limit", type=int, default=40, help="most events a timeline shows (default 40, as Assistant.timeline)")
    p.add_argument("--json", help="write each story's scores here")
    args = p.parse_args()
    labels = [json.loads(line) for line in Path(args.labels).read_text(encoding="utf-8").splitlines() if line.strip()]
    bot = Assistant(index=args.index, llm="extractive")
    bot.timeline("warm up", limit=1)  # models and index loaded before timing
    rows = []
    for label in labels:
        t0 = time.perf_counter()
        timeline = bot.timeline(label["topic"], since=label.get("since", ""), until=label.get("until", ""), limit=args.limit)
        row = score_story(label, timeline)
        row["seconds"] = round(time.perf_counter() - t0, 2)
        rows.append(row)
    print("story            labelled  bullets  found  recall  precision  dated right  exact  in text  off-story  s")
    for r in rows:
        print(
            f"{r['id']:16} {r['labelled']:8} {r['bullets']:8} {r['found']:6} {r['found'] / r['labelled']:7.2f}"
            f" {r['right'] / max(1, r['bullets']):10.2f} {r['dated_right'] / max(1, r['found']):12.2f}"
            f" {r['dated_exact'] / max(1, r['found']):6.2f} {r['dated_in_text'] / max(1, r['bullets']):8.2f}"
            f" {r['off_story']:10} {r['seconds']:5.1f}"
        )
    tot = {
        k: sum(r[k] for r in rows)
        for k in ("labelled", "bullets", "found", "right", "dated_right", "dated_exact", "dated_in_text")
    }
    print(
        f"{'all':16} {tot['labelled']:8} {tot['bullets']:8} {tot['found']:6} {tot['found'] / tot['labelled']:7.2f}"
        f" {tot['right'] / max(1, tot['bullets']):10.2f} {tot['dated_right'] / max(1, tot['found']):12.2f}"
        f" {tot['dated_exact'] / max(1, tot['found']):6.2f} {tot['dated_in_text'] / max(1, tot['bullets']):8.2f}"
    )
    for r in rows:
        for w in r["wrong_dates"]:
            print(f"  {r['id']}: dated {w['got']} for {w['label']}: {w['what']}")
    if args.json:
        Path(args.json).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
