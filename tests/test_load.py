import json
import logging
import os

import pytest

from rag.errors import InputError
from rag.ingest.files import SourceFile, decode, walk
from rag.ingest.load import read


def read_one(path, display=None):
    return read(SourceFile(path, display or path.name))


def test_txt_with_header(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(
        "Title: Rates rise\nSource: The Age\nAuthor: Jo Smith\nPublished: 2023-10-02\nURL: https://x.test/a\n"
        "Category: business\n\nThe bank raised rates.\n",
        encoding="utf-8",
    )
    [a], errors = read_one(p)
    assert (a.title, a.source, a.author, a.published, a.url, a.category) == (
        "Rates rise",
        "The Age",
        "Jo Smith",
        "2023-10-02",
        "https://x.test/a",
        "business",
    )
    assert a.text == "The bank raised rates.\n"
    assert len(a.content_hash) == 64 and a.file == str(p.resolve())
    assert errors == []


def test_markdown_without_header_takes_title_from_name(tmp_path):
    p = tmp_path / "0007-big-storm-hits.md"
    p.write_text("A big storm hit the coast on Monday.\n", encoding="utf-8")
    [a], _ = read_one(p)
    assert a.title == "Big storm hits"


def test_html_main_text_and_metadata(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(
        "<html><head><title>Storm hits coast | Daily Planet</title>"
        '<meta name="author" content="Lois Lane"><meta property="article:published_time" content="2023-10-05">'
        "</head><body><nav>Home | World | Sport</nav><article><h1>Storm hits coast</h1>"
        "<p>A powerful storm hit the coast on Monday, cutting power to 20,000 homes across the region.</p>"
        "<p>Officials said repairs could take a week, and schools in three towns will stay closed until Friday.</p>"
        "</article><footer>Copyright Daily Planet</footer></body></html>",
        encoding="utf-8",
    )
    [a], _ = read_one(p)
    assert "20,000 homes" in a.text and "Home | World" not in a.text
    assert a.title.startswith("Storm hits coast")
    assert a.published == "2023-10-05"
    assert a.author == "Lois Lane"


def test_json_list_and_jsonl_with_a_bad_line(tmp_path):
    j = tmp_path / "feed.json"
    j.write_text(
        json.dumps(
            [
                {"headline": "One", "body": "First story text.", "source": "Wire", "published_at": "2023-01-02", "url": "u1"},
                {"title": "Two", "content": "Second story text.", "authors": ["A", "B"]},
            ]
        ),
        encoding="utf-8",
    )
    arts, errors = read_one(j)
    assert [a.title for a in arts] == ["One", "Two"] and errors == []
    assert arts[0].source == "Wire" and arts[0].published == "2023-01-02" and arts[1].author == "A, B"
    assert arts[0].id != arts[1].id and arts[0].path == "feed.json#1"

    jl = tmp_path / "feed.jsonl"
    jl.write_text('{"title": "A", "text": "Alpha text."}\n{not json\n{"title": "C", "text": "Gamma text."}\n', encoding="utf-8")
    arts, errors = read_one(jl)
    assert [a.title for a in arts] == ["A", "C"]
    assert len(errors) == 1 and errors[0].path == "feed.jsonl#2" and "not valid JSON" in errors[0].error


def test_truncated_json_is_one_clear_error(tmp_path):
    p = tmp_path / "broken.json"
    p.write_text('[{"title": "A", "text": "Al', encoding="utf-8")
    with pytest.raises(InputError, match=r"broken.json: not valid JSON"):
        read_one(p)


@pytest.mark.parametrize(
    "data",
    [
        "Café owners said prices “rose”.".encode("utf-8-sig"),
        "Café owners said prices “rose”.".encode("utf-16"),
        "Café owners said prices “rose”.".encode("utf-16-le"),
    ],
)
def test_encodings_are_decoded(data):
    assert decode(data, "x.txt") == "Café owners said prices “rose”."


def test_cp1252_falls_back_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING):
        assert decode("Café “quoted”".encode("cp1252"), "old.txt") == "Café “quoted”"
    assert "old.txt" in caplog.text and "Windows-1252" in caplog.text


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("cp1251", "cp1251"), ("koi8_r", "koi8_r"), ("cp1253", "cp1253")],
)
def test_other_legacy_encodings_are_detected(caplog, encoding, name):
    text = {
        "cp1253": "Ο πρωθυπουργός δήλωσε τη Δευτέρα ότι οι συνομιλίες θα συνεχιστούν την επόμενη εβδομάδα στην Αθήνα. "
        "Σύμφωνα με πηγές, οι αντιπροσωπείες θα συζητήσουν την ενέργεια, τον τουρισμό και τις νέες επενδύσεις στα λιμάνια.",
    }.get(
        encoding,
        "Президент заявил в понедельник, что переговоры продолжатся на следующей неделе в Москве. "
        "По словам источников, делегации обсудят поставки зерна и обмен пленными, а также новые гарантии безопасности.",
    )
    with caplog.at_level(logging.WARNING):
        assert decode(text.encode(encoding), "old.txt") == text  # not Windows-1252 mojibake
    assert f"old.txt: not UTF-8; decoded as {name}." in caplog.text


def test_binary_and_empty_files_are_rejected(tmp_path):
    b = tmp_path / "photo.txt"
    b.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match="photo.txt: looks like a binary file"):
        read_one(b)
    e = tmp_path / "empty.txt"
    e.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty.txt: no article text"):
        read_one(e)


def test_walk_skips_readme_license_dotfiles_and_symlinked_dirs(tmp_path):
    root = tmp_path / "news"
    (root / "sub" / "deeper").mkdir(parents=True)
    for name in ["a.txt", "README.md", "LICENSE", ".hidden.txt", "sub/b.md", "sub/deeper/c.json", "notes.docx"]:
        (root / name).write_text("x", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "d.txt").write_text("x")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "e.txt").write_text("x")
    os.symlink(outside, root / "link")
    big = root / "big.txt"
    big.write_bytes(b"a" * 2000)
    files, errors = walk(root, max_bytes=1000)
    assert [f.display for f in files] == ["a.txt", "sub/b.md", "sub/deeper/c.json"]
    assert {e.path for e in errors} == {"big.txt", "notes.docx"}
    assert "limit" in next(e.error for e in errors if e.path == "big.txt")


def test_walk_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        walk(tmp_path / "nope", 10)
