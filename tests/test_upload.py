"""Articles sent as files (browser upload, REST API): safe names, checked content, nothing lost."""

from pathlib import Path

import pytest

from rag import Assistant, InputError
from rag.ingest.upload import safe_name

from .conftest import CountingEmbedder

ARTICLE = b"""Title: Harbourtown opens its floating library
Source: Harbour Gazette
Published: 2024-03-05

The town of Harbourtown opened a floating library on Tuesday, with 4,200 books on a converted ferry.
The mayor, Ines Calloway, said the ferry will visit eleven villages along the estuary each month.
"""


@pytest.fixture
def bot(tmp_path: Path) -> Assistant:
    return Assistant(index=tmp_path / "index", llm="extractive", embedder=CountingEmbedder(), max_size_mb=0.05)


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("story.txt", "story.txt"),
        ("../../x.txt", "x.txt"),
        ("..\\..\\windows\\y.md", "y.md"),
        ("/etc/passwd.txt", "passwd.txt"),
        ("bell\x07and\x1bescape\n.txt", "bellandescape.txt"),
        ("Straße – café.HTML", "Straße _ café.html"),
        ("a" * 300 + ".json", "a" * 115 + ".json"),
    ],
)
def test_safe_names(name: str, expected: str) -> None:
    assert safe_name(name) == expected


@pytest.mark.parametrize("name", ["", "..", ".txt", "../", "notes.docx", "noextension"])
def test_unusable_names_are_refused(name: str) -> None:
    with pytest.raises(InputError, match="file name|unsupported file type"):
        safe_name(name)


def test_an_uploaded_article_is_indexed_and_answerable(bot: Assistant, tmp_path: Path) -> None:
    report = bot.upload("../../floating-library.txt", ARTICLE)
    assert (report.added, report.errors) == (1, ())
    assert files_under(tmp_path) >= {"index/uploads/floating-library.txt"}
    assert not (tmp_path.parent / "floating-library.txt").exists()
    [info] = bot.articles()
    assert (info.title, info.source, info.published[:10]) == (
        "Harbourtown opens its floating library",
        "Harbour Gazette",
        "2024-03-05",
    )
    answer = bot.ask("How many books does the Harbourtown floating library hold?")
    assert "4,200" in answer.text and answer.citations[0].source == "Harbour Gazette"

    assert bot.upload("floating-library.txt", ARTICLE).unchanged == 1
    changed = bot.upload("floating-library.txt", ARTICLE.replace(b"eleven", b"twelve"))
    assert changed.updated == 1 and len(bot.articles()) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        (b"x" * 60_000, "upload limit"),
        (b"Title: Only a title\n\n", "no article text"),
    ],
)
def test_bad_uploads_are_refused_and_lose_nothing(bot: Assistant, tmp_path: Path, data: bytes, message: str) -> None:
    bot.upload("floating-library.txt", ARTICLE)
    before = files_under(tmp_path)
    with pytest.raises(InputError, match=message) as err:
        bot.upload("floating-library.txt", data)
    assert "floating-library.txt" in str(err.value) and "\n" not in str(err.value)
    assert files_under(tmp_path) == before
    assert (tmp_path / "index/uploads/floating-library.txt").read_bytes() == ARTICLE
    assert [a.title for a in bot.articles()] == ["Harbourtown opens its floating library"]


def test_removing_an_uploaded_article_deletes_its_file(bot: Assistant, tmp_path: Path) -> None:
    bot.upload("floating-library.txt", ARTICLE)
    [info] = bot.articles()
    bot.remove(info.id)
    assert bot.articles() == []
    assert not (tmp_path / "index/uploads/floating-library.txt").exists()


def test_a_jsonl_upload_with_one_bad_line_keeps_the_good_ones(bot: Assistant) -> None:
    good = b'{"title": "Ferry library", "body": "The ferry library carries 4,200 books to eleven villages."}\n'
    report = bot.upload("batch.jsonl", good + b"{not json\n" + good.replace(b"Ferry", b"Bus"))
    assert report.added == 2 and len(report.errors) == 1 and "batch.jsonl" in report.errors[0].path
