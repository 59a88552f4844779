"""Text of a PDF article (press releases, e-paper pages) in reading order, with where each page starts.

pdfminer.six (MIT) finds the page's text boxes; boxes are read column by column: a box that spans the middle
of the page (a headline, a full-width paragraph) is read where it stands, and between two such boxes the
left column is read top to bottom before the right one.  A box's wrapped lines are joined into one
paragraph (a word hyphenated at a line end is joined back).  Pages are separated by a form feed line, which
:func:`page_starts` turns into offsets once the text is cleaned.  A PDF with no text layer (a scan) or a
locked one is refused with a one-line message.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from ..errors import InputError

PAGE_BREAK = "\f"
_HYPHEN_END = re.compile(r"(\w)-\n(?=[a-z])")


def read_pdf(data: bytes, name: str) -> tuple[dict[str, str], str]:
    """``(metadata, body)``: the body's pages separated by :data:`PAGE_BREAK` lines."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    pages: list[str] = []
    try:
        for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
            boxes = [b for b in page if isinstance(b, LTTextContainer) and b.get_text().strip()]
            ordered = _reading_order([(b.x0, b.x1, b.y1, b.get_text()) for b in boxes], page.width)
            pages.append("\n\n".join(_paragraph(t) for t in ordered))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(f"{name}: the PDF is locked with a password; save an unlocked copy and add that.") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as e:
        raise InputError(f"{name}: not a readable PDF ({type(e).__name__}); open it in a PDF viewer to check it.") from None
    if sum(len(p.split()) for p in pages) < 5:
        raise InputError(
            f"{name}: the PDF has no text layer (a scanned page?); run OCR on it first (for example ocrmypdf) and add the result."
        )
    from .clean import without_headline

    meta = _info(data)
    pages[0] = without_headline(pages[0], meta.get("title", ""))  # a page's paragraphs are one line each
    return meta, f"\n\n{PAGE_BREAK}\n\n".join(pages)


def _reading_order(boxes: Sequence[tuple[float, float, float, str]], width: float) -> list[str]:
    """Texts of ``(x0, x1, top, text)`` boxes in reading order (see the module docstring)."""
    mid = width / 2
    spans = [b for b in boxes if b[0] < mid - 0.05 * width and b[1] > mid + 0.05 * width]
    columns = [b for b in boxes if b not in spans]
    out: list[str] = []
    cuts = sorted(spans, key=lambda b: -b[2])
    upper = float("inf")
    for cut in [*cuts, None]:
        lower = cut[2] if cut is not None else float("-inf")
        band = [b for b in columns if lower < b[2] <= upper]
        for side in (True, False):  # the left column, then the right
            out += [b[3] for b in sorted((b for b in band if ((b[0] + b[1]) / 2 < mid) == side), key=lambda b: -b[2])]
        if cut is not None:
            out.append(cut[3])
            upper = cut[2]
    return out


def _paragraph(text: str) -> str:
    joined = _HYPHEN_END.sub(r"\1", text.strip())
    return re.sub(r"\s+", " ", joined).strip()  # wrapped lines joined; justified text's wide spaces made one


def _info(data: bytes) -> dict[str, str]:
    """Title and author from the PDF's document information (not a creator tool's placeholder)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psparser import PSLiteral

    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)))
        info = doc.info[0] if doc.info else {}
    except Exception:  # the text was read; metadata is a bonus
        return {}
    meta: dict[str, str] = {}
    for key, field in (("Title", "title"), ("Author", "author")):
        raw = info.get(key)
        if isinstance(raw, PSLiteral):
            raw = raw.name
        if isinstance(raw, bytes):
            raw = raw.decode("utf-16") if raw.startswith((b"\xfe\xff", b"\xff\xfe")) else raw.decode("latin-1")
        value = str(raw or "").strip()
        if value and not re.search(r"(?i)\.(docx?|pdf|indd|pages)$|^untitled|^microsoft word", value):
            meta[field] = value
    return meta


def page_starts(text: str) -> tuple[str, tuple[int, ...]]:
    """The cleaned text with its page-break characters made newlines (offsets unchanged), and the offset where
    each page starts (page 1 at 0)."""
    starts = [0] + [m.end() for m in re.finditer(PAGE_BREAK, text)]
    return text.replace(PAGE_BREAK, "\n"), tuple(starts)
