"""Build the disagreeing-sources set in tests/data/conflicts/ from real MultiHop-RAG articles.

    python bench/conflict_set.py [--articles ../shared/eval/multihop-rag/articles] [--out tests/data/conflicts]

Each case copies one real article verbatim (``NN-a-*.txt``) and writes a second
version of it under another (invented) outlet, published a day later
(``NN-b-*.txt``), with one edit:

* ``conflict``: one figure or date changed; the question's answer is that figure.
* ``agree``: one sentence reworded, the figure kept (a false alarm here is a bug).
* ``different``: the figure replaced by a different quantity (worldwide vs North
  American takings, net income vs revenue, a yearly vs a total amount); not a
  disagreement either.

``manifest.json`` names both files, their outlets, the value each gives, and the question.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Headlines that carry the changed figure, changed with it.
TITLE_EDITS = {"0457": ("$3M", "$5M")}
OUTLETS = ["Harbor Post", "Metro Ledger", "Northgate Times", "Daily Meridian", "Riverside Wire", "Capital Dispatch"]

# (article number, kind, old text, new text, value in a, value in b, question)
CASES: list[tuple[str, str, str, str, str, str, str]] = [
    (
        "0457",
        "conflict",
        "secured $3 million in pre-Series A",
        "secured $5 million in pre-Series A",
        "$3 million",
        "$5 million",
        "How much did StarNews Mobile raise in its pre-Series A funding?",
    ),
    (
        "0302",
        "conflict",
        "raised $1.8 million in a seed round",
        "raised $2.3 million in a seed round",
        "$1.8 million",
        "$2.3 million",
        "How much did Deft raise in its seed round?",
    ),
    (
        "0039",
        "conflict",
        "as much as $300 million",
        "as much as $400 million",
        "$300 million",
        "$400 million",
        "How much does Mistral AI plan to raise in the coming weeks?",
    ),
    (
        "0437",
        "conflict",
        "a prize of 11 million Swedish kronor",
        "a prize of 10 million Swedish kronor",
        "11 million",
        "10 million",
        "How many Swedish kronor will the 2023 chemistry Nobel prize winners split?",
    ),
    (
        "0518",
        "conflict",
        "over 34 million subscribers",
        "over 31 million subscribers",
        "34 million",
        "31 million",
        "How many subscribers does the YouTuber SSSniperwolf have?",
    ),
    (
        "0016",
        "conflict",
        "to $290 million in 2019",
        "to $390 million in 2019",
        "$290 million",
        "$390 million",
        "How much had Expedia's ad fees increased to by 2019, according to its former chief operating officer?",
    ),
    (
        "0510",
        "conflict",
        "456 people competed for $456,000",
        "456 people competed for $465,000",
        "$456,000",
        "$465,000",
        "How much prize money did the 456 people in MrBeast's Squid Game challenge compete for?",
    ),
    (
        "0136",
        "conflict",
        "Gaza’s 2.3 million residents",
        "Gaza’s 2.1 million residents",
        "2.3 million",
        "2.1 million",
        "How many residents does Gaza have, according to the article on Israel's blockade?",
    ),
    (
        "0606",
        "conflict",
        "depression by up to 43%",
        "depression by up to 34%",
        "43%",
        "34%",
        "By how much could 20 minutes of daily walking cut the risk of depression in older adults?",
    ),
    (
        "0529",
        "conflict",
        "up to 75% faster",
        "up to 65% faster",
        "75%",
        "65%",
        "How much faster does Sequoia let Amazon identify and store inventory at its fulfillment centers?",
    ),
    (
        "0048",
        "conflict",
        "only 18% of Americans",
        "only 23% of Americans",
        "18%",
        "23%",
        "What share of Americans have ever tried ChatGPT, according to the Pew Research survey?",
    ),
    (
        "0034",
        "conflict",
        "grown to 500 billion facts",
        "grown to 800 billion facts",
        "500 billion",
        "800 billion",
        "How many facts did Google's Knowledge Graph contain by 2020?",
    ),
    (
        "0478",
        "conflict",
        "settled for $62.5 million",
        "settled for $65.2 million",
        "$62.5 million",
        "$65.2 million",
        "How much did Leon Black settle for with the US Virgin Islands?",
    ),
    (
        "0504",
        "conflict",
        "Only 40% of economists",
        "Only 45% of economists",
        "40%",
        "45%",
        "What share of economists surveyed predict central banks will use QE the same way as before?",
    ),
    (
        "0414",
        "conflict",
        "received 16 million views",
        "received 12 million views",
        "16 million",
        "12 million",
        "How many views did the clip Levy posted on Twitter receive?",
    ),
    (
        "0072",
        "conflict",
        "upwards of $250 million has been wagered",
        "upwards of $205 million has been wagered",
        "$250 million",
        "$205 million",
        "How much money has been wagered on Kentucky online sportsbooks since the launch?",
    ),
    (
        "0588",
        "conflict",
        "in 2011 composed for Cirque",
        "in 2012 composed for Cirque",
        "2011",
        "2012",
        "In what year did Danny Elfman compose for Cirque du Soleil's Iris show?",
    ),
    (
        "0580",
        "conflict",
        "comparatively brisk 18 years",
        "comparatively brisk 15 years",
        "18 years",
        "15 years",
        "How many years did Axl Rose take to release the follow-up to Use Your Illusion?",
    ),
    (
        "0014",
        "conflict",
        "an absence of 24 years",
        "an absence of 25 years",
        "24 years",
        "25 years",
        "After an absence of how many years did Manchester United return to Europe's top table?",
    ),
    (
        "0569",
        "conflict",
        "his 239 yards and a touchdown",
        "his 293 yards and a touchdown",
        "239 yards",
        "293 yards",
        "How many yards did Sanders have in Colorado's game against Arizona State?",
    ),
    (
        "0503",
        "conflict",
        "only 0.6 per cent of looks",
        "only 0.9 per cent of looks",
        "0.6 per cent",
        "0.9 per cent",
        "What share of looks in the autumn/winter 2023 fashion season were modelled by plus-size people?",
    ),
    (
        "0515",
        "conflict",
        "Giga Texas on November 30",
        "Giga Texas on November 28",
        "November 30",
        "November 28",
        "On what date are the initial Cybertruck deliveries set for an event at Giga Texas?",
    ),
    (
        "0080",
        "conflict",
        "was fired on July 10",
        "was fired on July 11",
        "July 10",
        "July 11",
        "On what date was Northwestern coach Pat Fitzgerald fired?",
    ),
    (
        "0406",
        "conflict",
        "the encounter on September 21",
        "the encounter on September 12",
        "September 21",
        "September 12",
        "On what date did Ice Poseidon stream the encounter?",
    ),
    (
        "0076",
        "conflict",
        "thereafter on August 23, the SEC",
        "thereafter on August 25, the SEC",
        "August 23",
        "August 25",
        "When did the SEC say it was not recommending an enforcement action against Rainforest?",
    ),
    (
        "0097",
        "agree",
        "says he does 80 percent of his business on the platform",
        "says 80 percent of his sales happen on the platform",
        "80 percent",
        "80 percent",
        "What share of his business does the European Discogs seller do on the platform?",
    ),
    (
        "0558",
        "agree",
        "customers receive a 15% discount when they use miles to buy Delta flights",
        "cardholders get a 15% discount when paying with miles for Delta flights",
        "15%",
        "15%",
        "What discount do Delta SkyMiles Gold Business cardholders get when they use miles to buy Delta flights?",
    ),
    (
        "0252",
        "agree",
        "only take money from the 30% portion of your budget",
        "take gift money only from the 30% share of your budget",
        "30%",
        "30%",
        "From what portion of your budget does Alev recommend taking money for gifts?",
    ),
    (
        "0516",
        "agree",
        "During their win streak, Burrow has thrown for 1,133 yards",
        "Burrow has thrown for 1,133 yards during the win streak",
        "1,133 yards",
        "1,133 yards",
        "How many yards has Burrow thrown for during the Bengals' win streak?",
    ),
    (
        "0234",
        "agree",
        "About 27% of Americans say they are",
        "Some 27% of Americans describe themselves as",
        "27%",
        "27%",
        "What share of Americans say they are very worried about climate change?",
    ),
    (
        "0146",
        "agree",
        "Lamb is on track for close to 1,600 yards",
        "Lamb is on pace for nearly 1,600 yards",
        "1,600 yards",
        "1,600 yards",
        "How many yards is CeeDee Lamb on track for based on his current season average?",
    ),
    (
        "0174",
        "different",
        "with $21 million in North American ticket sales",
        "with $27.4 million in worldwide ticket sales",
        "$21 million",
        "$27.4 million",
        "How much did Renaissance: A Film by Beyoncé make in North American ticket sales?",
    ),
    (
        "0338",
        "different",
        "The company reported revenue of $9.3 billion, an 11% increase year over year.",
        "The company reported net income of $221 million for the quarter.",
        "$9.3 billion",
        "$221 million",
        "How much revenue did Uber report for the third quarter?",
    ),
    (
        "0423",
        "different",
        "to a 12-year, $325 million.",
        "to a 12-year deal worth about $27 million a year.",
        "$325 million",
        "$27 million",
        "What is the total value of the contract the Dodgers signed Yoshinobu Yamamoto to?",
    ),
]


def _header(text: str, key: str) -> str:
    m = re.search(rf"^{key}: ?(.*)$", text, re.M)
    return m.group(1).strip() if m else ""


def second_version(text: str, old: str, new: str, outlet: str, title_edit: tuple[str, str] = ("", "")) -> str:
    """The article as another outlet ran it a day later, with ``old`` replaced by ``new`` everywhere."""
    if old not in text:
        raise ValueError(f"{old!r} is not in the article")
    head, body = text.split("\n\n", 1)
    published = _header(head, "Published")
    later = (datetime.fromisoformat(published) + timedelta(days=1)).isoformat() if published else ""
    title = _header(head, "Title").replace(old, new)
    if title_edit[0]:
        title = title.replace(*title_edit)
    lines = [f"Title: {title}", f"Source: {outlet}", f"Author: {outlet} staff", f"Published: {later}"]
    lines += [f"Category: {_header(head, 'Category')}"]
    return "\n".join(lines) + "\n\n" + body.replace(old, new)


def build(articles: Path, out: Path) -> list[dict[str, object]]:
    """Write the article pairs and manifest.json into ``out``; returns the manifest."""
    folder = out / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    manifest: list[dict[str, object]] = []
    for i, (num, kind, old, new, value_a, value_b, question) in enumerate(CASES, 1):
        src = next(articles.glob(f"{num}-*.txt"))
        text = src.read_text(encoding="utf-8")
        outlet = OUTLETS[i % len(OUTLETS)]
        slug = src.stem.split("-", 1)[1][:40]
        a, b = f"{i:02d}-a-{slug}.txt", f"{i:02d}-b-{slug}.txt"
        (folder / a).write_text(text, encoding="utf-8")
        (folder / b).write_text(second_version(text, old, new, outlet, TITLE_EDITS.get(num, ("", ""))), encoding="utf-8")
        assert value_a in text and value_b in (folder / b).read_text(encoding="utf-8")
        manifest.append(
            {
                "id": i,
                "kind": kind,
                "question": question,
                "a": {"file": a, "source": _header(text, "Source"), "value": value_a, "from": src.name},
                "b": {"file": b, "source": outlet, "value": value_b},
                "edit": [old, new],
            }
        )
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", default=str(ROOT.parent / "shared" / "eval" / "multihop-rag" / "articles"))
    ap.add_argument("--out", default=str(ROOT / "tests" / "data" / "conflicts"))
    args = ap.parse_args()
    manifest = build(Path(args.articles), Path(args.out))
    kinds = [str(m["kind"]) for m in manifest]
    print({k: kinds.count(k) for k in sorted(set(kinds))})


if __name__ == "__main__":
    main()
