"""PDF articles: made here with fpdf2 (a different library from the reader, pdfminer.six) from a real seed
article, laid out as a press page: a headline across the top, two columns, two pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Assistant, InputError
from rag.ingest.files import SourceFile
from rag.ingest.load import read, split_header
from tests.conftest import SEEDS, CountingEmbedder

EVERTON = SEEDS / "0093-everton-players-and-fans-will-be-fired-up-by-points-penalty.txt"


def latin(text: str) -> str:
    """The core PDF fonts are Latin-1: typographic quotes become plain ones."""
    table = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."}
    return "".join(table.get(ch, ch) for ch in text).encode("latin-1", "replace").decode("latin-1")


def paragraphs() -> tuple[str, list[str]]:
    meta, body = split_header(EVERTON.read_text(encoding="utf-8"))
    paras = [latin(p.strip()) for p in body.split("\n\n") if p.strip() and len(p) < 700]
    return latin(meta["title"]), paras


def press_page(path: Path, *, encrypt: str = "", scanned: bool = False) -> list[list[str]]:
    """Write the PDF; returns the paragraphs of each column in reading order ([p1 left, p1 right, p2 left, ...])."""
    from fpdf import FPDF

    title, paras = paragraphs()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(title)
    pdf.set_author("Andy Hunter")
    columns: list[list[str]] = []
    rest = list(paras)
    for page in range(2):
        pdf.add_page()
        if scanned:
            for i in range(30):  # drawn lines, as a scan's image would be: no text
                pdf.rect(15, 20 + i * 8, 170, 3, style="F")
            continue
        top = 20.0
        if page == 0:
            pdf.set_font("Helvetica", "B", 16)
            pdf.set_xy(15, 15)
            pdf.multi_cell(180, 8, title)
            top = pdf.get_y() + 8
        pdf.set_font("Helvetica", size=10)
        for x in (15.0, 110.0):
            pdf.set_xy(x, top)
            column = []
            while rest and len(column) < 2 and pdf.get_y() + 5 * (len(rest[0]) // 40 + 2) < 280:
                pdf.set_x(x)
                pdf.multi_cell(85, 5, rest[0])
                pdf.set_y(pdf.get_y() + 5)
                column.append(rest.pop(0))
            columns.append(column)
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password=encrypt)
    pdf.output(str(path))
    return columns


def test_a_two_column_press_page_reads_in_column_order_with_its_pages(tmp_path: Path) -> None:
    path = tmp_path / "everton-press.pdf"
    columns = press_page(path)
    assert all(columns) and len(columns) == 4
    (art,), errors = read(SourceFile(path, path.name))
    assert errors == []
    assert art.title.startswith("Everton players and fans will be fired up") and art.author == "Andy Hunter"
    text = " ".join(art.text.split())
    order = [" ".join(c[0].split())[:60] for c in columns]  # the first paragraph of each column
    positions = [text.find(o) for o in order]
    assert -1 not in positions and positions == sorted(positions), positions  # left before right, page 1 before 2
    assert "\f" not in art.text and len(art.pages) == 2 and art.pages[0] == 0
    assert not art.text.startswith("Everton players")  # the headline is the title, not body text twice
    page2 = art.text.find(columns[2][0][:40])
    assert art.pages[1] <= page2


def test_a_pdf_is_indexed_and_cited_with_its_page(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    columns = press_page(folder / "everton-press.pdf")
    bot = Assistant(index=tmp_path / "index", llm="extractive", embedder=CountingEmbedder())
    report = bot.ingest(folder)
    assert (report.added, report.errors) == (1, ())
    hits = bot.search("Everton appeal Dyche", k=10)
    text = bot.article_text(hits[0].article_id) or ""
    second = hits[0].pages[1]
    assert text[second:].lstrip().startswith(columns[2][0][:30])  # page 2 starts with its left column
    assert {h.to_dict()["page"] for h in hits} == {1, 2}  # passages starting on either page, each marked so
    assert all(h.to_dict()["page"] == (2 if h.start >= second else 1) for h in hits)
    # a sentence from page 2 is cited as page 2, one from page 1 as page 1
    answer = bot.ask("When will Everton's appeal against the 10-point deduction be heard?")
    assert not answer.abstained and answer.citations
    appeal = next(c for c in answer.citations if "will be heard by a different three-person panel" in c.quote)
    assert appeal.page == 2 and appeal.to_dict()["page"] == 2 and text[appeal.start : appeal.end] == appeal.quote
    first = bot.ask("How big was Everton's overspend?")
    assert any(c.page == 1 and "19.5m" in c.quote for c in first.citations), first.text
    assert ", p. 1: " in first.text, first.text  # the line quoting (or telling) the sentence says which page


def test_scanned_locked_and_broken_pdfs_get_one_line_messages(tmp_path: Path) -> None:
    scanned = tmp_path / "scan.pdf"
    press_page(scanned, scanned=True)
    with pytest.raises(InputError, match=r"scan.pdf: the PDF has no text layer .*OCR"):
        read(SourceFile(scanned, scanned.name))
    locked = tmp_path / "locked.pdf"
    press_page(locked, encrypt="secret")
    with pytest.raises(InputError, match="locked.pdf: the PDF is locked with a password"):
        read(SourceFile(locked, locked.name))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    with pytest.raises(InputError, match="broken.pdf: not a readable PDF"):
        read(SourceFile(broken, broken.name))


def test_a_bad_pdf_in_a_folder_is_reported_and_the_rest_indexed(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    press_page(folder / "good.pdf")
    press_page(folder / "scan.pdf", scanned=True)
    bot = Assistant(index=tmp_path / "index", llm="extractive", embedder=CountingEmbedder())
    report = bot.ingest(folder)
    assert report.added == 1 and [e.path for e in report.errors] == ["scan.pdf"]
    assert "no text layer" in report.errors[0].error
