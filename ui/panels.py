"""HTML and Markdown for the Articles and Stories tabs (the index, uploads, feeds, a watch; timelines, coverage),
built from ``rag``'s plain data and escaped as in :mod:`ui.render`."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from rag import ArticleInfo, Coverage, Feed, IngestReport, SyncReport, Timeline

from .render import md_escape, title_link

ARTICLE_COLUMNS = ["Title", "Outlet", "Date", "Chunks", "Id"]


def article_rows(infos: Sequence[ArticleInfo], needle: str = "") -> list[list[Any]]:
    """Rows for the articles table, filtered by a case-insensitive substring of title, outlet, date or path."""
    needle = needle.strip().lower()
    rows = []
    for a in sorted(infos, key=lambda a: (a.published, a.title), reverse=True):
        if needle and needle not in " ".join((a.title, a.source, a.published, a.path, a.id)).lower():
            continue
        rows.append([a.title or a.path, a.source, a.published[:10], a.chunks, a.id])
    return rows


def upload_line(name: str, result: IngestReport | str) -> str:
    """One result line per uploaded file: added / updated / unchanged / failed with the reason."""
    if isinstance(result, str):
        return f"❌ **{md_escape(name)}**: failed: {md_escape(result)}"
    status = "added" if result.added else "updated" if result.updated else "unchanged (already indexed)"
    if not (result.added or result.updated or result.unchanged):
        status = "failed"
    problems = "; ".join(f"{e.path}: {e.error}" for e in result.errors)
    icon = "✅" if status != "failed" and not problems else "⚠️" if status != "failed" else "❌"
    return f"{icon} **{md_escape(name)}**: {status}" + (f" ({md_escape(problems)})" if problems else "")


def feeds_html(feeds: Sequence[Feed]) -> str:
    """The followed feeds: each one's last poll, what it brought and its last error."""
    if not feeds:
        return '<div class="byline-status">No feeds are followed. Add an RSS or Atom feed\'s address below.</div>'
    rows = []
    for f in feeds:
        error = f'<span class="byline-error">{html.escape(f.last_error)}</span>' if f.last_error else "ok"
        when = html.escape(f.last_poll.replace("T", " ")[:16] or "never")
        rows.append(
            f"<tr><td>{title_link(f.title or f.url, f.url)}</td><td>{when}</td>"
            f"<td>{f.last_new}</td><td>{f.last_changed}</td><td>{f.items}</td><td>{error}</td></tr>"
        )
    head = "<tr><th>Feed</th><th>Last poll (UTC)</th><th>New</th><th>Changed</th><th>Items</th><th>Status</th></tr>"
    return f'<table class="byline-feeds">{head}{"".join(rows)}</table>'


def sync_line(report: SyncReport | str, url: str = "") -> str:
    """One result line for a fetched feed or page."""
    if isinstance(report, str):
        return f"❌ **{md_escape(url)}**: {md_escape(report)}"
    problems = "; ".join(f"{e.path}: {e.error}" for e in report.errors[:5])
    more = f" (+{len(report.errors) - 5} more)" if len(report.errors) > 5 else ""
    icon = "⚠️" if report.errors else "✅"
    return f"{icon} {md_escape(report.summary())}" + (f"\n\n{md_escape(problems)}{more}" if problems else "")


def timeline_html(tl: Timeline) -> str:
    """A story's timeline: dated events as a list, each with its outlets' links, then the articles it used."""
    differ = _differ_html(tl.differences, "Where accounts differ")
    if not tl.events:
        return '<div class="byline-status">No dated events found for this topic in the indexed articles.</div>' + differ
    items = []
    for e in tl.events:
        when = html.escape(e.label) + (f" <small>({e.mark})</small>" if e.mark else "")
        cites = ", ".join(
            title_link(c.source or c.title, c.url)
            + (f" <small>(also in {html.escape(c.also_in_outlets)})</small>" if c.also_in else "")
            for c in e.citations
        )
        items.append(
            f'<li><b class="byline-when">{when}</b>: {html.escape(e.text)} <span class="byline-meta">— {cites}</span></li>'
        )
    shares = ", ".join(f"{k} {v:.0%}" for k, v in tl.date_sources.items())
    return (
        f'<ol class="byline-timeline">{"".join(items)}</ol>'
        f'<div class="byline-meta">{len(tl.events)} events from {len(tl.articles)} articles; dated: {shares}.</div>{differ}'
    )


def coverage_html(cov: Coverage) -> str:
    """Which outlets covered a story: first date, number of articles (syndicated copies marked), their titles."""
    if not cov.outlets:
        return '<div class="byline-status">No indexed article covers this topic.</div>'
    rows = []
    for o in cov.outlets:
        titles = "<br>".join(
            f"{html.escape(a.published[:10])} {title_link(a.title or a.path, a.url)}"
            + (" <small>(syndicated copy)</small>" if a.copy_of else "")
            for a in o.articles
        )
        rows.append(
            f"<tr><td>{html.escape(o.source)}</td><td>{html.escape(o.first[:10])}</td><td>{o.count}</td><td>{titles}</td></tr>"
        )
    head = "<tr><th>Outlet</th><th>First</th><th>Articles</th><th>Titles</th></tr>"
    return f'<table class="byline-coverage">{head}{"".join(rows)}</table>{_differ_html(cov.differences, "Where they differ")}'


def _differ_html(differences: Sequence[Any], heading: str) -> str:
    """Figures outlets give differently, each side with its outlets and the sentence that gives it."""
    if not differences:
        return ""
    items = []
    for d in differences:
        sides = []
        for value, who, cites in d.sides():
            quote = html.escape(cites[0].quote) if cites else ""
            sides.append(f"<b>{html.escape(value)}</b> ({html.escape(who)}: <q>{quote}</q>)")
        items.append("<li>" + " vs ".join(sides) + "</li>")
    return f'<h4>{heading}</h4><ul class="byline-differ">{"".join(items)}</ul>'


def watch_markdown(status: Any) -> str:
    """The Articles tab's line on a watch of the index (``Assistant.watching()``: what it follows, its last folder
    sync and last error), or "" when none has run."""
    if status is None:
        return ""
    what = " and ".join(
        x for x in (f"`{md_escape(status.folder)}`" if status.folder else "", "the followed feeds" if status.feeds else "") if x
    )
    if not status.running:
        return f"Not watching now (the last watch of {what} stopped)."
    parts = [f"👁 Watching {what}" + (f", feeds every {_duration(status.every_s)}" if status.feeds else "")]
    if status.last_sync:
        parts.append(f"last sync {_clock(status.last_sync)}: {md_escape(status.last_summary.split(': ', 1)[-1])}")
    if status.last_error:
        parts.append(f"⚠️ {_clock(status.last_error_at)}: {md_escape(status.last_error)}")
    return " · ".join(parts)


def _clock(iso: str) -> str:
    """``2023-12-03T15:04:05+00:00`` as "2023-12-03 15:04 UTC"."""
    return f"{iso[:10]} {iso[11:16]} UTC" if len(iso) >= 16 else iso


def _duration(seconds: float) -> str:
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"
