"""The ``byline`` commands that change the index: ``ingest`` (a folder, a feed, a sitemap or a page), ``feeds``,
``remove`` and ``watch``, and what they print.  Dispatched by :mod:`rag.cli`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .commands import Bars, assistant_for, emit
from .errors import InputError


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm.contrib.logging import logging_redirect_tqdm

    from .web.fetch import is_url

    bot = assistant_for(args, max_size_mb=args.max_size_mb)
    if is_url(args.path):
        return _synced(args, [bot.fetch(args.path, limit=args.limit)], bot)
    progress = Bars()
    try:
        with logging_redirect_tqdm():  # warnings (a file decoded as Windows-1252) print above the bar, not into it
            report = bot.ingest(args.path, keep_missing=args.keep_missing, progress=progress)
    finally:
        progress.close()
    for e in report.errors:
        print(f"byline: skipped {e.path}: {e.error}", file=sys.stderr)
    summary = (
        f"{report.added} added, {report.updated} updated, {report.removed} removed, {report.unchanged} unchanged; "
        f"{report.chunks} chunks in {bot.store.where}" + (f"; {len(report.errors)} file(s) skipped" if report.errors else "")
    )
    emit(args, report.to_dict(), summary)
    if report.errors:
        ok = report.added + report.updated + report.unchanged + report.removed
        return 2 if ok else 1
    return 0


def _synced(args: argparse.Namespace, reports: list[Any], bot: Any) -> int:
    """Print what syncs of URLs did; exit 2 when some items failed, 1 when nothing could be read."""
    for r in reports:
        for e in r.errors:
            print(f"byline: skipped {e.path}: {e.error}", file=sys.stderr)
    lines = [r.summary() for r in reports]
    final = next((r.ingest for r in reversed(reports) if r.ingest), None)
    if final is not None:
        counts = f"{final.added} added, {final.updated} updated, {final.unchanged} unchanged"
        lines.append(f"index: {counts}; {final.chunks} chunks in {bot.store.where}")
    emit(args, [r.to_dict() for r in reports], "\n".join(lines))
    failed = sum(len(r.errors) for r in reports)
    if failed:
        return 2 if any(r.items or r.not_modified for r in reports) else 1
    return 0


def cmd_feeds(args: argparse.Namespace) -> int:
    from .web.feedlist import read_opml, write_opml

    bot = assistant_for(args)
    needs = {"add": "a feed URL", "remove": "a feed URL", "import": "an OPML file"}
    if args.action in needs and not args.target:
        raise InputError(f"byline feeds {args.action} needs {needs[args.action]}: byline feeds {args.action} URL|FILE")
    if args.action == "add":
        return _synced(args, [bot.follow(args.target)], bot)
    if args.action == "poll":
        reports = bot.poll()
        if not reports:
            emit(args, [], "No feeds are followed; add one with `byline feeds add URL`.")
            return 0
        return _synced(args, reports, bot)
    if args.action == "remove":
        gone = bot.unfollow(args.target, delete_articles=args.delete_articles)
        kept = "its articles were removed" if args.delete_articles else "its articles stay indexed"
        emit(args, gone.to_dict(), f"stopped following {gone.url}; {kept}")
        return 0
    if args.action == "import":
        return _synced(args, bot.follow_all(url for url, _ in read_opml(args.target)), bot)
    feeds = bot.feeds()
    if args.action == "export":
        opml = write_opml(feeds)
        if args.target:
            Path(args.target).write_text(opml, encoding="utf-8")
            print(f"{len(feeds)} feed(s) written to {args.target}", file=sys.stderr)
        else:
            sys.stdout.write(opml)
        return 0
    rows = [
        f"{f.url}  {f.title or '-'}  last poll {f.last_poll or 'never'}: {f.last_new} new, {f.last_changed} changed"
        + (f"; error: {f.last_error}" if f.last_error else "")
        for f in feeds
    ]
    emit(args, [f.to_dict() for f in feeds], "\n".join(rows) or "No feeds are followed; add one with `byline feeds add URL`.")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    bot = assistant_for(args)
    info = bot.remove(args.target)
    emit(args, info.to_dict(), f"removed {info.id} ({info.path})")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from .web.watch import parse_every, watch

    every = parse_every(args.every)
    if not args.folder and not args.feeds:
        raise InputError("byline watch needs a folder, or --feeds to poll the followed feeds: byline watch FOLDER [--feeds]")
    parts = [f"watching {args.folder}" if args.folder else "", f"polling feeds every {args.every}" if args.feeds else ""]
    what = " and ".join(x for x in parts if x)
    print(f"byline: {what}; Ctrl-C stops", file=sys.stderr, flush=True)

    def show(event: Any) -> None:
        print(f"{event.when} {event.summary}", file=sys.stderr if event.error else sys.stdout, flush=True)

    watch(assistant_for(args), args.folder, feeds=args.feeds, every=every, on_event=show)
    return 0
