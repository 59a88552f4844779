"""``byline``: the command line.  Imports stay cheap until a command runs.

Errors print as one line on stderr with exit code 1; ``ingest`` exits 2 when some files failed and the rest were
indexed.  With ``--json`` standard output is exactly one JSON document; progress and logs go to standard error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .commands import parser
from .errors import BylineError, InputError

log = logging.getLogger("byline")


def _assistant(args: argparse.Namespace, **extra: Any) -> Any:
    from .assistant import Assistant

    return Assistant(index=args.index, llm=getattr(args, "llm", None), chroma_url=args.chroma_url, **extra)


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(text)


class _Bars:
    """tqdm bars on stderr, one per phase; usable as an ingest ``progress`` callback."""

    def __init__(self) -> None:
        self.bars: dict[str, Any] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        from tqdm import tqdm

        bar = self.bars.get(phase)
        if bar is None:
            self.close()  # one bar at a time: a finished phase's bar goes away
            self.bars = {}
            unit = " chunks" if phase == "embed" else " q" if phase == "eval" else " files"
            bar = self.bars[phase] = tqdm(total=total, desc=f"{phase:5}", unit=unit, file=sys.stderr, disable=False, leave=False)
        bar.total = total
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm.contrib.logging import logging_redirect_tqdm

    from .web.fetch import is_url

    bot = _assistant(args, max_size_mb=args.max_size_mb)
    if is_url(args.path):
        return _synced(args, [bot.fetch(args.path, limit=args.limit)], bot)
    progress = _Bars()
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
    _emit(args, report.to_dict(), summary)
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
    _emit(args, [r.to_dict() for r in reports], "\n".join(lines))
    failed = sum(len(r.errors) for r in reports)
    if failed:
        return 2 if any(r.items or r.not_modified for r in reports) else 1
    return 0


def cmd_feeds(args: argparse.Namespace) -> int:
    from .web.feedlist import read_opml, write_opml

    bot = _assistant(args)
    needs = {"add": "a feed URL", "remove": "a feed URL", "import": "an OPML file"}
    if args.action in needs and not args.target:
        raise InputError(f"byline feeds {args.action} needs {needs[args.action]}: byline feeds {args.action} URL|FILE")
    if args.action == "add":
        return _synced(args, [bot.follow(args.target)], bot)
    if args.action == "poll":
        reports = bot.poll()
        if not reports:
            _emit(args, [], "No feeds are followed; add one with `byline feeds add URL`.")
            return 0
        return _synced(args, reports, bot)
    if args.action == "remove":
        gone = bot.unfollow(args.target, delete_articles=args.delete_articles)
        kept = "its articles were removed" if args.delete_articles else "its articles stay indexed"
        _emit(args, gone.to_dict(), f"stopped following {gone.url}; {kept}")
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
    _emit(args, [f.to_dict() for f in feeds], "\n".join(rows) or "No feeds are followed; add one with `byline feeds add URL`.")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    bot = _assistant(args)
    if bot.config.llm == "openai":  # a server that is down fails before the embedding model loads
        from .models.writers import OpenAIWriter

        OpenAIWriter(bot.config).warm_up()
    answer = bot.ask(args.question, k=args.k, history=args.history, since=args.since, until=args.until, as_of=args.as_of)
    lines = [answer.text]
    if answer.citations:
        lines.append("\nSources:")
        for c in answer.citations:
            head = " · ".join(x for x in (c.title, c.source, c.published[:10]) if x)
            lines.append(f'[{c.n}] {head}\n    {c.path}{"  " + c.url if c.url else ""}\n    "{c.quote}"')
    _emit(args, answer.to_dict(), "\n".join(lines))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    bot = _assistant(args)
    passages = bot.search(args.query, k=args.k, since=args.since, until=args.until, as_of=args.as_of)
    lines = []
    for i, p in enumerate(passages, 1):
        head = " · ".join(x for x in (p.title, p.source, p.published[:10]) if x)
        lines.append(
            f"{i}. [{p.score:.3f}] {head}  ({p.path} {p.start}-{p.end})\n   {p.text[:300]}{'…' if len(p.text) > 300 else ''}"
        )
    _emit(args, [p.to_dict() for p in passages], "\n".join(lines) or "No passages found.")
    return 0


def cmd_articles(args: argparse.Namespace) -> int:
    bot = _assistant(args)
    arts = bot.articles()
    grouped: dict[str, int] = {}
    for a in arts:
        grouped[a.copy_group] = grouped.get(a.copy_group, 0) + 1
    lines = [
        f"{a.id}  {a.published[:10]:10}  {a.source[:24]:24}  {a.chunks:3} chunks  {a.title[:70]}"
        + (f"  (copy of {a.copy_group})" if a.copy_group != a.id else "")
        for a in arts
    ]
    copies = sum(n - 1 for n in grouped.values() if n > 1)
    if copies:
        lines.append(f"{copies} of {len(arts)} articles are syndicated copies of another; each story counts as one source.")
    _emit(args, [a.to_dict() for a in arts], "\n".join(lines) or "The index is empty.")
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    tl = _assistant(args).timeline(args.topic, since=args.since, until=args.until, k=args.k, limit=args.limit, as_of=args.as_of)
    if args.csv and not args.json:
        sys.stdout.write(tl.to_csv())
        return 0
    if args.md or args.json:
        _emit(args, tl.to_dict(), tl.to_markdown().rstrip())
        return 0
    lines = []
    for e in tl.events:
        lines.append(f"{e.when:28} {e.text} " + "".join(f"[{c.n}]" for c in e.citations))
    if tl.differences:
        lines += ["", "Where accounts differ:"] + [f"  {d.as_text()}" for d in tl.differences]
    cited = tl.cited
    lines += [""] + [
        f"[{n}] {c.source}, {c.published[:10]}: {c.title}" + (f" (also in: {c.also_in_outlets})" if c.also_in else "")
        for n, c in sorted(cited.items())
    ]
    shares = ", ".join(f"{k} {v:.0%}" for k, v in tl.date_sources.items())
    lines.append(f"{len(tl.events)} events from {len(tl.articles)} articles; dated: {shares}.")
    _emit(args, None, "\n".join(lines) if tl.events else "No dated events found for this topic in the indexed articles.")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    cov = _assistant(args).coverage(args.topic, since=args.since, until=args.until, k=args.k, as_of=args.as_of)
    lines = [f"{'first':10}  {'articles':>8}  outlet"]
    for o in cov.outlets:
        copies = f" ({o.copies} syndicated {'copy' if o.copies == 1 else 'copies'})" if o.copies else ""
        lines.append(f"{o.first[:10]:10}  {o.count:8}  {o.source}{copies}")
        lines += [f"{'':22}{a.published[:10]}  {a.title[:80]}" for a in o.articles]
    if cov.differences:
        lines += ["", "Where they differ:"] + [f"  {d.as_text()}" for d in cov.differences]
    _emit(args, cov.to_dict(), "\n".join(lines) if cov.outlets else "No indexed article covers this topic.")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    bot = _assistant(args)
    info = bot.remove(args.target)
    _emit(args, info.to_dict(), f"removed {info.id} ({info.path})")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from .config import Config

    rows = Config.described(index=args.index, llm=args.llm, chroma_url=args.chroma_url)
    width = max(len(r["name"]) for r in rows)
    lines = [f"{r['name']:<{width}}  {r['value']!s:<24}  ({r['from']})" for r in rows]
    _emit(args, rows, "\n".join(lines))
    return 0


def cmd_llm_path(args: argparse.Namespace) -> int:
    from .config import Config
    from .models.model import model_path

    print(model_path(Config.from_env().model_dir))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ui.app import serve

    from .web.watch import parse_every, start

    bot = _assistant(args)
    if args.watch is not None:
        every = parse_every(args.every)
        folder = args.watch or None
        if folder is not None and not Path(folder).is_dir():
            raise InputError(f"--watch {folder}: not a folder; give the folder of articles to keep in step.")
        start(_assistant(args), folder, feeds=True, every=every)  # its own Assistant: writes never wait on the chat
    serve(bot, host=args.host, port=args.port)
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

    watch(_assistant(args), args.folder, feeds=args.feeds, every=every, on_event=show)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .config import Config
    from .eval.evaluate import evaluate

    if args.chroma_url:  # evaluate() builds its Assistant from the environment
        os.environ["BYLINE_CHROMA_URL"] = args.chroma_url
    bars = _Bars()
    try:
        m = evaluate(
            args.gold,
            articles=args.articles,
            index=args.index,
            llm=args.llm or Config.from_env().llm,
            retrieval_only=args.retrieval_only,
            limit=args.limit,
            split=args.split,
            seed=args.seed,
            kinds=args.kind,
            out=args.out,
            baseline=args.baseline,
            progress=bars,
        )
    finally:
        bars.close()
    doc = {k: m[k] for k in ("retrieval", "answer", "baseline", "n", "overall", "by_kind") if k in m}
    _emit(args, doc, (Path(args.out) / "report.md").read_text(encoding="utf-8"))
    return 0


COMMANDS = {
    "ingest": cmd_ingest,
    "feeds": cmd_feeds,
    "watch": cmd_watch,
    "ask": cmd_ask,
    "search": cmd_search,
    "articles": cmd_articles,
    "timeline": cmd_timeline,
    "coverage": cmd_coverage,
    "remove": cmd_remove,
    "config": cmd_config,
    "llm-path": cmd_llm_path,
    "serve": cmd_serve,
    "eval": cmd_eval,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="byline: %(message)s", stream=sys.stderr)
    # Libraries set their own logger levels when imported; only our own info passes, theirs from warnings up
    # (errors only, unless --verbose).
    floor = logging.WARNING if args.verbose else logging.ERROR
    for handler in logging.getLogger().handlers:
        handler.addFilter(lambda r: r.name.startswith(("rag", "ui", "byline")) or r.levelno >= floor)
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    try:
        return int(COMMANDS[args.command](args) or 0)
    except BylineError as e:
        print(f"byline: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("byline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`byline articles | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
