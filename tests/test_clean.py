import json

import pytest

from rag.ingest.clean import clean, parse_date, without_headline
from rag.ingest.files import SourceFile
from rag.ingest.load import read, split_header

from .conftest import SEED_FILE, eval_data


def seed_article():
    [art], errors = read(SourceFile(SEED_FILE, SEED_FILE.name))
    assert errors == []
    return art


def test_seed_boilerplate_is_dropped_and_metadata_recovered():
    art = seed_article()
    assert "Read more:" not in art.text
    assert "(c) Sky News" not in art.text
    assert "Why is Ryanair fighting with Elon Musk?" not in art.text  # related-headline trailer
    assert "US launches 'large-scale' strikes" not in art.text  # "Read more:" link list
    assert art.source == "Sky News"
    assert art.title == "US moves 150 Islamic State prisoners out of Syria with thousands more to follow"
    # Real content on both sides of the removed blocks stays.
    assert art.text.startswith("US troops have transferred 150 Islamic State (IS) prisoners")
    assert "US envoy to Syria Tom Barrack said" in art.text
    assert art.text.rstrip().endswith("ousted by rebels 13 months ago.")


def test_kept_text_is_verbatim_lines_of_the_source():
    raw = SEED_FILE.read_text(encoding="utf-8")
    art = seed_article()
    for line in art.text.splitlines():
        assert line in raw


def test_curly_quotes_and_characters_are_never_rewritten():
    body = "He said “it’s fine” — really.\nRead more:\nSome headline here\nThe end of the story is here."
    text = clean(body).text
    assert "He said “it’s fine” — really." in text
    assert "Some headline here" not in text
    assert "The end of the story is here." in text


def test_copyright_line_variants():
    for line, outlet in [("© The Guardian 2024: Big title", "The Guardian"), ("Copyright Reuters 2023", "Reuters")]:
        c = clean(f"First sentence of the story.\n{line}\n")
        assert line not in c.text and c.source == outlet


def test_a_short_article_is_still_an_article():
    assert clean("Fire in the hall.").text.strip() == "Fire in the hall."


def test_a_headline_that_is_the_title_is_not_body_text_twice():
    body = "\n  Everton  docked TEN points\n\nEverton were docked ten points on Friday.\n"
    assert without_headline(body, "Everton docked ten points") == "Everton were docked ten points on Friday.\n"
    assert without_headline(body, "Another title") == body
    assert without_headline("Everton docked ten points\n", "Everton docked ten points") == "Everton docked ten points\n"


def test_header_block_is_parsed():
    meta, body = split_header("Title: A\nSource: B\nPublished: 2023-11-27T08:45:59+00:00\n\nBody text.\n")
    assert meta == {"title": "A", "source": "B", "published": "2023-11-27T08:45:59+00:00"}
    assert body == "Body text.\n"
    assert split_header("Just text: with a colon\nmore\n") == ({}, "Just text: with a colon\nmore\n")


@pytest.mark.parametrize(
    "raw, iso",
    [
        ("2023-11-27T08:45:59+00:00", "2023-11-27T08:45:59+00:00"),
        ("2023-11-27 08:45:59.000000000Z", "2023-11-27T08:45:59+00:00"),
        ("2023-11-27", "2023-11-27"),
        ("November 27, 2023", "2023-11-27"),
        ("Mon, 27 Nov 2023 08:45:59 GMT", "2023-11-27T08:45:59+00:00"),
        ("sometime", ""),
        # other spellings, by dateutil; a partial date is refused, not completed with a made-up day
        ("Tues., Oct. 3, 2023 at 4:05 p.m.", "2023-10-03T16:05:00"),
        ("3rd October 2023", "2023-10-03"),
        ("Published 12 December 2023, 09:30", "2023-12-12T09:30:00"),
        ("October 2023", ""),
        ("Tuesday", ""),
        ("Updated 5 hours ago", ""),
    ],
)
def test_dates_become_iso(raw, iso):
    assert parse_date(raw) == iso


def test_cleaning_keeps_every_multihop_gold_fact():
    """No evidence sentence of MultiHop-RAG may be lost as 'boilerplate'."""
    root = eval_data() / "multihop-rag"
    if not (root / "gold.jsonl").exists():
        pytest.skip("MultiHop-RAG data not found (set BYLINE_EVAL_DATA)")
    texts = {}
    for f in sorted((root / "articles").glob("*.txt")):
        meta, body = split_header(f.read_text(encoding="utf-8"))
        texts[meta["url"]] = clean(body).text
    lost = [
        e["fact"][:80]
        for line in (root / "gold.jsonl").open(encoding="utf-8")
        for e in json.loads(line)["evidence"]
        if e["fact"] not in texts[e["url"]]
    ]
    assert len(texts) == 609
    assert lost == []
