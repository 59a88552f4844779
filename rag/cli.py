"""``byline``: the command line.  Imports stay cheap until a command runs.

Errors print as one line on stderr with exit code 1; ``ingest`` exits 2 when some files failed and the rest were
indexed.  With ``--json`` standard output is exactly one JSON document; progress and logs go to standard error.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .cli_index import cmd_feeds, cmd_ingest, cmd_remove, cmd_watch
from .commands import Bars, assistant_for, emit, parser
from .errors import BylineError, InputError

log = logging.getLogger("byline")


def cmd_ask(args: argparse.Namespace) -> int:
    bot = assistant_for(args)
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
    emit(args, answer.to_dict(), "\n".join(lines))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    bot = assistant_for(args)
    passages = bot.search(args.query, k=args.k, since=args.since, until=args.until, as_of=args.as_of)
    lines = []
    for i, p in enumerate(passages, 1):
        head = " · ".join(x for x in (p.title, p.source, p.published[:10]) if x)
        lines.append(
            f"{i}. [{p.score:.3f}] {head}  ({p.path} {p.start}-{p.end})\n   {p.text[:300]}{'…' if len(p.text) > 300 else ''}"
        )
    emit(args, [p.to_dict() for p in passages], "\n".join(lines) or "No passages found.")
    return 0


def cmd_articles(args: argparse.Namespace) -> int:
    bot = assistant_for(args)
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
    emit(args, [a.to_dict() for a in arts], "\n".join(lines) or "The index is empty.")
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    tl = assistant_for(args).timeline(
        args.topic, since=args.since, until=args.until, k=args.k, limit=args.limit, as_of=args.as_of
    )
    if args.csv and not args.json:
        sys.stdout.write(tl.to_csv())
        return 0
    if args.md or args.json:
        emit(args, tl.to_dict(), tl.to_markdown().rstrip())
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
    emit(args, None, "\n".join(lines) if tl.events else "No dated events found for this topic in the indexed articles.")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    cov = assistant_for(args).coverage(args.topic, since=args.since, until=args.until, k=args.k, as_of=args.as_of)
    lines = [f"{'first':10}  {'articles':>8}  outlet"]
    for o in cov.outlets:
        copies = f" ({o.copies} syndicated {'copy' if o.copies == 1 else 'copies'})" if o.copies else ""
        lines.append(f"{o.first[:10]:10}  {o.count:8}  {o.source}{copies}")
        lines += [f"{'':22}{a.published[:10]}  {a.title[:80]}" for a in o.articles]
    if cov.differences:
        lines += ["", "Where they differ:"] + [f"  {d.as_text()}" for d in cov.differences]
    emit(args, cov.to_dict(), "\n".join(lines) if cov.outlets else "No indexed article covers this topic.")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from .config import Config

    rows = Config.described(index=args.index, llm=args.llm, chroma_url=args.chroma_url)
    width = max(len(r["name"]) for r in rows)
    lines = [f"{r['name']:<{width}}  {r['value']!s:<24}  ({r['from']})" for r in rows]
    emit(args, rows, "\n".join(lines))
    return 0


def cmd_llm_path(args: argparse.Namespace) -> int:
    from .config import Config
    from .models.model import model_path

    print(model_path(Config.from_env().model_dir))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ui.app import serve

    from .web.watch import parse_every, start

    bot = assistant_for(args)
    if args.watch is not None:
        every = parse_every(args.every)
        folder = args.watch or None
        if folder is not None and not Path(folder).is_dir():
            raise InputError(f"--watch {folder}: not a folder; give the folder of articles to keep in step.")
        start(assistant_for(args), folder, feeds=True, every=every)  # its own Assistant: writes never wait on the chat
    serve(bot, host=args.host, port=args.port)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .config import Config
    from .eval.evaluate import evaluate

    if args.chroma_url:  # evaluate() builds its Assistant from the environment
        os.environ["BYLINE_CHROMA_URL"] = args.chroma_url
    bars = Bars()
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
    emit(args, doc, (Path(args.out) / "report.md").read_text(encoding="utf-8"))
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
