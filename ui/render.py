"""HTML and Markdown for the chat, built from ``rag``'s plain data (the other tabs': :mod:`ui.panels`).

Article text is untrusted: every piece of it is escaped here, for HTML and for
Markdown, so an article can never add markup, scripts, images or links to the
page.  The only markup is ours: ``[n]`` markers become links to ``#source-n``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import Any

from rag import Answer, Citation, Passage, Quote, Retrieved

CONTEXT_CHARS = 280  # article text shown around a cited passage
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_MARKER = re.compile(r"\\\[(\d+)\\\]")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown: HTML escaped, Markdown punctuation backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _cited(line: str) -> str:
    return _MARKER.sub(r'<a href="#source-\1" class="byline-cite" title="Show source \1">[\1]</a>', md_escape(line))


def answer_markdown(answer: Answer | str) -> str:
    """An answer for the chat: escaped, each ``[n]`` a link to source card n; timeline events and list items
    as a list, the answer's sentences as a paragraph, and the quoted support lines as a list under them."""
    if isinstance(answer, str):
        rows = [(x, "bullet" if x.startswith("- ") and i > 0 else "answer") for i, x in enumerate(answer.splitlines())]
    else:
        rows = [(x.text, x.role) for x in answer.lines] or [(x, "answer") for x in answer.text.splitlines()]
    out: list[str] = []
    prose: list[str] = []
    for text, role in rows:
        if role == "answer":
            prose.append(_cited(text))
            continue
        if role == "note":  # Byline's own word on the answer ("As of ..."): a paragraph in italics after it
            out += [*(["\n\n".join(prose), ""] if prose else []), f"*{_cited(text)}*", ""]
            prose = []
            continue
        if prose:
            out += ["\n\n".join(prose), ""]
            prose = []
        item = text[2:] if text.startswith("- ") else text
        out.append("- " + _cited(item))
    if prose:
        out.append("\n\n".join(prose))
    return "\n".join(out).strip()


def waiting_markdown(found: Retrieved) -> str:
    """What the chat shows while the answer is written: how the question was read and the best sentences found."""
    doing = "writing the answer…"
    if found.ahead:
        doing = f"{found.ahead} question{'s' if found.ahead > 1 else ''} ahead of yours for the model, then yours…"
    head = f"*{md_escape(reading_line(found.reading))} · {doing}*" if found.reading else f"*{doing.capitalize()}*"
    quotes = [f"> {md_escape(q.text)}  \n> — {md_escape(_who(q))}" for q in found.quotes]
    return "\n\n".join([head, *quotes]) + " ▌"


def _who(q: Quote) -> str:
    return ", ".join(x for x in (q.source, q.published[:10]) if x) or q.title


_KIND_WORDS = {
    "fact": "a fact", "count": "a figure", "yesno": "yes or no", "explain": "an explanation", "said": "what was said",
    "summary": "a summary", "timeline": "a timeline", "compare": "a comparison", "list": "a list",
    "coverage": "the outlets that covered it",
}  # fmt: skip


def reading_line(reading: dict[str, Any]) -> str:
    """How the question was read, in a few words: "Asked for a timeline · about Taylor Swift NFL · in October 2023"."""
    parts = [f"Asked for {_KIND_WORDS.get(str(reading.get('kind')), 'an answer')}"]
    if reading.get("kind") in ("explain", "said", "summary", "timeline", "list", "coverage") and reading.get("focus"):
        parts.append(f"about {reading['focus']}")
    scope = reading.get("time_scope")
    if scope:
        text = str(scope.get("text", ""))
        if not any(c.isdigit() for c in text) and scope.get("since"):  # "last week": which days that is
            span = " to ".join(dict.fromkeys(str(scope.get(k)) for k in ("since", "until") if scope.get(k)))
            text += f" ({span})"
        parts.append(text)
    if reading.get("latest"):
        parts.append(f"newest report as of {reading['as_of']}" if reading.get("as_of") else "newest report")
    if reading.get("followup"):
        parts.append("follow-up")
    return " · ".join(p for p in parts if p)


def abstention_markdown(text: str) -> str:
    return f"ℹ️ **Not in the articles.** {md_escape(text)}"


def error_markdown(text: str) -> str:
    return f"⚠️ {md_escape(text)}"


def _meta(*parts: str) -> str:
    return " · ".join(html.escape(p) for p in parts if p)


def title_link(title: str, url: str) -> str:
    t = html.escape(title)
    if url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer nofollow">{t}</a>'
    return t


def _marked(text: str, start: int, end: int, css: str) -> str:
    return f'{html.escape(text[:start])}<mark class="{css}">{html.escape(text[start:end])}</mark>{html.escape(text[end:])}'


def citation_card(c: Citation, body: str | None) -> str:
    """One source card: title, outlet, date, URL, the passage highlighted in its context, the whole article on request."""
    if body is not None and body[c.start : c.end] == c.quote:
        a, b = max(0, c.start - CONTEXT_CHARS), min(len(body), c.end + CONTEXT_CHARS)
        a = body.rfind(" ", 0, c.start - CONTEXT_CHARS) + 1 if a else 0
        window = ("… " if a else "") + _marked(body[a:b], c.start - a, c.end - a, "byline-hit") + (" …" if b < len(body) else "")
        article = (
            f'<details class="byline-article"><summary>Whole article</summary>'
            f'<div class="byline-text">{_marked(body, c.start, c.end, "byline-hit-full")}</div></details>'
        )
    else:  # article changed or removed since the answer
        window, article = f'<mark class="byline-hit">{html.escape(c.quote)}</mark>', ""
    also = ""
    if c.also_in:  # the story's syndicated copies: one source, every outlet's link
        names = [(x.get("source") or x.get("title") or x.get("path", ""), x.get("url", "")) for x in c.also_in]
        links = ", ".join(title_link(name, url) for name, url in names)
        also = f'<div class="byline-also">also in: {links}</div>'
    return (
        f'<div class="byline-source" id="source-{c.n}">'
        f'<div class="byline-head"><span class="byline-n">[{c.n}]</span> {title_link(c.title or c.path, c.url)}</div>'
        f'<div class="byline-meta">{_meta(c.source, c.published[:10], c.path)}</div>{also}'
        f'<div class="byline-context">{window}</div>{article}</div>'
    )


def _passage_list(passages: Sequence[Passage]) -> str:
    items = "".join(
        f"<li>{title_link(p.title or p.path, p.url)} <small>{_meta(p.source, p.published[:10])}</small></li>"
        for p in _by_article(passages)
    )
    return f'<ol class="byline-found">{items}</ol>'


def _by_article(passages: Sequence[Passage]) -> list[Passage]:
    seen: dict[str, Passage] = {}
    for p in passages:
        seen.setdefault(p.article_id, p)
    return list(seen.values())


def _searched(query: str, question: str) -> str:
    if not query or query == question:
        return ""
    return f'<details class="byline-query"><summary>Searched for</summary>{html.escape(query)}</details>'


def found_html(found: Retrieved, question: str) -> str:
    """The sources panel while the answer is being written: the articles retrieval found."""
    if not found.passages:
        return f'<div class="byline-status">No passage found.</div>{_searched(found.query, question)}'
    n = len(_by_article(found.passages))
    return (
        f'<div class="byline-status">Found {len(found.passages)} passages in {n} article{"s" * (n != 1)}; '
        f"writing the answer…</div>{_searched(found.query, question)}{_passage_list(found.passages)}"
    )


def sources_html(answer: Answer, article_text: Callable[[str], str | None]) -> str:
    """The sources panel for a finished answer: one card per citation, then what else was searched."""
    searched = _searched(answer.query, answer.question)
    if answer.reading:
        searched = '<div class="byline-reading">' + html.escape(reading_line(answer.reading)) + "</div>" + searched
    if answer.abstained:
        found = (
            f"<details><summary>Closest passages ({len(answer.passages)})</summary>{_passage_list(answer.passages)}</details>"
            if answer.passages
            else ""
        )
        return f'<div class="byline-status">No indexed article answers this question.</div>{searched}{found}'
    cards = "".join(citation_card(c, article_text(c.article_id)) for c in answer.citations)
    cited = {c.article_id for c in answer.citations}
    rest = [p for p in answer.passages if p.article_id not in cited]
    n = len(_by_article(rest))
    extra = (
        f'<details class="byline-all"><summary>Other articles searched, not cited ({n})</summary>{_passage_list(rest)}</details>'
        if rest
        else ""
    )
    return f"{searched}{cards}{extra}"
