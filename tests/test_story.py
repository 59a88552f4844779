"""Stories across articles: `Assistant.timeline` and `Assistant.coverage` (rag/news/story.py), on seeds/ with the real
embedding model and real Chroma; the CLI and the REST routes over them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag import Assistant, InputError

BYLINE = str(Path(sys.executable).parent / "byline")
SWIFT = "Taylor Swift and Travis Kelce"


@pytest.fixture(scope="module")
def bot(seed_index: Path) -> Assistant:
    return Assistant(index=seed_index, llm="extractive")


def test_timeline_events_are_dated_in_order_and_cited(bot: Assistant) -> None:
    tl = bot.timeline(SWIFT)
    assert len(tl.events) >= 8
    dates = [e.date for e in tl.events]
    assert dates == sorted(dates)  # event order (to the precision each date has)
    for e in tl.events:
        assert e.citations
        for c in e.citations:
            assert bot.article_text(c.article_id)[c.start : c.end] == c.quote  # each event cites its exact sentence
            assert "Swift" in c.title or "Kelce" in c.title  # from the story's articles only
    shares = tl.date_sources
    assert shares["explicit"] + shares["relative"] >= 0.5 and abs(sum(shares.values()) - 1) < 0.01
    texts = " ".join(e.text for e in tl.events)
    assert "Pat McAfee" in texts  # "on 21 September": dated in the text, not by publication
    mcafee = next(e for e in tl.events if "Pat McAfee" in e.text)
    assert mcafee.date == "2023-09-21" and mcafee.date_source == "explicit"
    # An album's year is a title, not a time: no event dated 1989, 2014 or 2022 by "her 2022 album".
    assert not {"1989", "2014", "2022"} & set(dates)
    assert {a.source for a in tl.articles} >= {"The Age", "The Independent - Life and Style"}
    md = tl.to_markdown()
    assert md.startswith(f"# Timeline: {SWIFT}") and "## Sources" in md and "September 21, 2023" in md
    assert tl.to_csv().splitlines()[0] == "date,label,date_source,event,sources,urls"
    assert len(bot.timeline(SWIFT, limit=3).events) == 3


def test_timeline_within_dates_and_bad_dates(bot: Assistant) -> None:
    tl = bot.timeline(SWIFT, since="2023-09-27", until="2023-12-31")
    assert all(a.published[:10] >= "2023-09-27" for a in tl.articles)
    with pytest.raises(InputError, match="since='2023-13-01' is not a date"):
        bot.timeline(SWIFT, since="2023-13-01")
    with pytest.raises(InputError, match="empty"):
        bot.coverage("   ")


def test_coverage_lists_outlets_earliest_first(bot: Assistant) -> None:
    cov = bot.coverage(SWIFT)
    outlets = {o.source: o for o in cov.outlets}
    assert {"The Age", "The Independent - Life and Style"} <= set(outlets)
    assert outlets["The Independent - Life and Style"].count == len(outlets["The Independent - Life and Style"].articles)
    firsts = [o.first for o in cov.outlets]
    assert firsts == sorted(firsts)
    assert all(o.first == min(a.published for a in o.articles) for o in cov.outlets)
    assert "Everton" not in json.dumps(cov.to_dict())  # an unrelated story is not coverage of this one


def test_a_question_asking_which_outlets_covered_a_story_is_answered_by_outlet(bot: Assistant) -> None:
    """ "Which outlets covered ...?" asked in the chat was answered with sentences about the story, not the outlets:
    now one line per outlet, earliest first, as `byline coverage` lists them, each cited to its articles' openings."""
    cov = bot.coverage(SWIFT)
    for asked in (f"Which outlets covered {SWIFT}?", f"what news sites have reported on {SWIFT}"):
        a = bot.ask(asked)
        assert a.kind == "coverage" and not a.abstained and a.reading["focus"] == SWIFT  # shown as "about ..." in the chat
        assert [x.text.split(":")[0].lstrip("- ") for x in a.lines] == [o.source for o in cov.outlets]
        first = cov.outlets[0]
        assert f"{first.count} article" in a.lines[0].text and a.lines[0].citations
        for c in a.citations:  # each citation is an opening sentence of one of that outlet's articles
            assert bot.store.article_text(c.article_id)[c.start : c.end] == c.quote
        assert {c.source for c in a.citations} == {o.source for o in cov.outlets}
    # a time scope in the question limits the story as it does `byline coverage "... last week"`
    week = bot.ask(f"Which outlets covered {SWIFT} last week?", as_of="2023-11-30")
    assert week.citations and all(c.published[:10] >= "2023-11-20" for c in week.citations)
    assert {c.source for c in week.citations} == {
        o.source for o in bot.coverage(f"{SWIFT} last week", as_of="2023-11-30").outlets
    }
    none = bot.ask("Which outlets covered the Nobel Prize in chemistry?")
    assert none.abstained and "no indexed article covers the Nobel Prize in chemistry" in none.text
    # a question that names outlets and asks which of them is not a coverage question
    assert bot.ask("Which outlet reported on Swift's friendship bracelet, The Age or The Independent?").kind != "coverage"


def test_coverage_counts_syndicated_copies(tmp_path: Path, articles: Path) -> None:
    from .test_copies import ORIGINAL, _reprint

    _reprint(articles)
    bot = Assistant(index=tmp_path / "index", llm="extractive")
    bot.ingest(articles)
    cov = bot.coverage("Palo Alto Networks buying Talon and Dig Security")
    outlets = {o.source: o for o in cov.outlets}
    assert outlets["TechCrunch"].copies == 0 and outlets["Yahoo Finance"].copies == 1  # the reprint, marked
    (copy,) = outlets["Yahoo Finance"].articles
    original = next(a for a in outlets["TechCrunch"].articles if a.path == ORIGINAL)
    assert copy.copy_of == original.article_id
    assert cov.outlets[0].source == "TechCrunch"  # it ran the story first


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BYLINE, *args], capture_output=True, text=True, env=os.environ.copy(), timeout=600)


def test_cli_timeline_and_coverage(seed_index: Path) -> None:
    out = run("timeline", SWIFT, "--index", str(seed_index), "--json")
    assert out.returncode == 0, out.stderr
    body = json.loads(out.stdout)
    assert body["events"] and body["events"][0]["citations"][0]["quote"] and set(body["date_sources"]) == {
        "explicit", "relative", "publication"
    }  # fmt: skip
    csv = run("timeline", SWIFT, "--index", str(seed_index), "--csv", "--limit", "4")
    assert csv.returncode == 0 and len(csv.stdout.strip().splitlines()) == 5
    cov = run("coverage", SWIFT, "--index", str(seed_index))
    assert cov.returncode == 0 and "The Age" in cov.stdout
    bad = run("timeline", SWIFT, "--index", str(seed_index), "--until", "yesterday")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr


def test_coverage_shows_where_outlets_give_different_figures(tmp_path: Path, hash_bot: Assistant) -> None:
    """Two outlets' versions of one story, one figure changed (tests/data/conflicts case 1): coverage lists both
    outlets and the differing figure, each value cited to the outlet that gives it; a story whose versions agree
    shows no difference."""
    cases = json.loads((Path(__file__).parent / "data" / "conflicts" / "manifest.json").read_text())
    cases = cases["cases"] if isinstance(cases, dict) else cases
    folder = tmp_path / "articles"
    folder.mkdir()
    case = cases[1]
    for side in ("a", "b"):
        (folder / case[side]["file"]).write_bytes(
            (Path(__file__).parent / "data" / "conflicts" / "articles" / case[side]["file"]).read_bytes()
        )
    hash_bot.ingest(folder)
    cov = hash_bot.coverage("Deft's seed round for e-commerce search")
    assert {o.source for o in cov.outlets} == {case["a"]["source"], case["b"]["source"]}
    (diff,) = [d for d in cov.differences if set(d.values) == {case["a"]["value"], case["b"]["value"]}]
    for value, cites in zip(diff.values, diff.citations):
        side = "a" if value == case["a"]["value"] else "b"
        assert cites and {c.source for c in cites} == {case[side]["source"]}
        assert all(value.split()[0].lstrip("$") in c.quote for c in cites)
    assert json.loads(json.dumps(cov.to_dict()))["differences"][0]["values"]
    from ui.panels import coverage_html, timeline_html

    shown = coverage_html(cov)
    assert "Where they differ" in shown and all(v in shown for v in diff.values)

    # The story's timeline shows the same disagreement side by side, its citations numbered with the events'.
    tl = hash_bot.timeline("Deft's seed round for e-commerce search")
    (same,) = [d for d in tl.differences if set(d.values) == set(diff.values)]
    numbers = [c.n for cs in same.citations for c in cs]
    assert all(n in tl.cited for n in numbers) and len(set(numbers)) == len(numbers)
    md = tl.to_markdown()
    assert "## Where accounts differ" in md and same.as_text() in md
    assert all(f"{n}. " in md.split("## Sources")[1] for n in numbers)
    assert "Where accounts differ" in timeline_html(tl)
    assert json.loads(json.dumps(tl.to_dict()))["differences"][0]["values"]
