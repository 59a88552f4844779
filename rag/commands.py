"""The ``byline`` command line: its commands and their options, and what every command uses (an Assistant for the
index named, printing text or JSON, progress bars).  What each command does is in :mod:`rag.cli` and
:mod:`rag.cli_index`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .config import LLM_CHOICES


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="byline", description="Ask questions about your own news articles, offline, with exact citations."
    )
    p.add_argument("--version", action="version", version="byline 0.1.0")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _index_commands(sub)
    _question_commands(sub)
    _tool_commands(sub)
    return p


def _common(sp: argparse.ArgumentParser, json_flag: bool = True) -> None:
    sp.add_argument("--index", help="index folder (default: index, or BYLINE_INDEX)")
    sp.add_argument("--chroma-url", metavar="URL", help="index on this Chroma server, http://host:port (BYLINE_CHROMA_URL)")
    if json_flag:
        sp.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    sp.add_argument("-v", "--verbose", action="store_true", help="log more detail to stderr")


def _dated(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--since", default="", metavar="YYYY-MM-DD", help="articles published on or after this day")
    sp.add_argument("--until", default="", metavar="YYYY-MM-DD", help="articles published on or before this day")
    sp.add_argument(
        "--as-of", default="", dest="as_of", metavar="YYYY-MM-DD",
        help="the reference date: later articles are left out, 'last week' and 'latest' are reckoned from it"
        " (default: the newest article's day)",
    )  # fmt: skip


def _story_options(sp: argparse.ArgumentParser) -> None:
    _dated(sp)
    sp.add_argument("-k", type=int, default=40, help="passages to draw the story from (default 40)")


def _index_commands(sub: Any) -> None:
    """Commands that change or list what is indexed."""
    sp = sub.add_parser(
        "ingest", help="index a folder (or file) of articles, or a feed, sitemap or page URL; re-running syncs changes"
    )
    sp.add_argument("path", metavar="PATH|URL")
    sp.add_argument("--max-size", type=float, dest="max_size_mb", metavar="MB", help="skip files larger than this (default 10)")
    sp.add_argument("--keep-missing", action="store_true", help="keep articles whose files left the folder")
    sp.add_argument("--limit", type=int, help="a sitemap's newest N pages (default 100)")
    _common(sp)

    sp = sub.add_parser("feeds", help="follow RSS/Atom feeds: add, list, poll, remove, import/export OPML")
    sp.add_argument("action", choices=("add", "list", "poll", "remove", "import", "export"))
    sp.add_argument("target", nargs="?", default="", metavar="URL|FILE", help="a feed URL (add, remove) or an OPML file")
    sp.add_argument("--delete-articles", action="store_true", help="remove: also remove the articles only this feed brought")
    _common(sp)

    sp = sub.add_parser("watch", help="keep the index in step with a folder as it changes, and poll followed feeds")
    sp.add_argument("folder", nargs="?", help="a folder of articles to sync whenever its files change")
    sp.add_argument("--feeds", "--sources", action="store_true", dest="feeds", help="poll the followed feeds too")
    sp.add_argument("--every", default="15m", metavar="DURATION", help="how often to poll the feeds: 30s, 15m, 2h (default 15m)")
    _common(sp, json_flag=False)

    sp = sub.add_parser("articles", help="list indexed articles")
    _common(sp)

    sp = sub.add_parser("remove", help="remove an article by path or id")
    sp.add_argument("target", metavar="PATH|ID")
    _common(sp)


def _question_commands(sub: Any) -> None:
    """Commands that ask the articles something."""
    sp = sub.add_parser("ask", help="answer a question with citations")
    sp.add_argument("question")
    sp.add_argument("--llm", choices=LLM_CHOICES, help="answerer (default: local)")
    sp.add_argument("-k", type=int, help="passages to retrieve (default 8)")
    sp.add_argument(
        "--history", action="append", default=[], metavar="QUESTION",
        help="an earlier question of the conversation, oldest first (repeatable): follow-ups such as 'and why?' work",
    )  # fmt: skip
    _dated(sp)
    _common(sp)

    sp = sub.add_parser("search", help="show retrieved passages, no model")
    sp.add_argument("query")
    sp.add_argument("-k", type=int, help="passages to show (default 8)")
    _dated(sp)
    _common(sp)

    sp = sub.add_parser("timeline", help="the dated events of a story across the articles, each cited, no model")
    sp.add_argument("topic")
    _story_options(sp)
    sp.add_argument("--limit", type=int, default=40, help="events at most (default 40)")
    fmt = sp.add_mutually_exclusive_group()
    fmt.add_argument("--md", action="store_true", help="print Markdown")
    fmt.add_argument("--csv", action="store_true", help="print CSV (date, label, date_source, event, sources, urls)")
    _common(sp)

    sp = sub.add_parser("coverage", help="which outlets covered a story, when each first did, with how many articles")
    sp.add_argument("topic")
    _story_options(sp)
    _common(sp)


def _tool_commands(sub: Any) -> None:
    """Settings, the model, evaluation and the server."""
    sp = sub.add_parser("config", help="show the effective settings and where each came from")
    sp.add_argument("--llm", choices=LLM_CHOICES)
    _common(sp)

    sp = sub.add_parser("llm-path", help="assemble the local model if needed and print its path")
    sp.add_argument("-v", "--verbose", action="store_true")

    sp = sub.add_parser(
        "eval",
        help="score Byline against a gold Q&A set (MultiHop-RAG, gold.jsonl, SQuAD, JSONL)",
        description="Formats: MultiHopRAG.json; gold.jsonl ({id,question,answer,type,evidence:[{fact,url,...}]}); "
        "SQuAD v1.1 JSON; JSONL of {question,answer}. Writes report.md, metrics.json, questions.csv and plots to --out.",
    )
    sp.add_argument("gold")
    sp.add_argument("--articles", help="folder of the gold set's articles (default: 'articles' beside the gold file)")
    sp.add_argument("--llm", choices=LLM_CHOICES, default=None)
    sp.add_argument("--retrieval-only", action="store_true", help="score retrieval only, no answers")
    sp.add_argument("--limit", type=int, help="a fixed sample of N questions, proportional by type")
    sp.add_argument("--split", choices=("dev", "test", "all"), default="all", help="dev = id%%5!=0, test = id%%5==0")
    sp.add_argument("--seed", type=int, default=0)
    sp.add_argument(
        "--kind", action="extend", type=lambda v: [k.strip() for k in v.split(",") if k.strip()], default=[], metavar="KIND",
        help="only questions of this kind (a natural set's kind, MultiHop-RAG's type); repeatable or comma-separated",
    )  # fmt: skip
    sp.add_argument("--out", default="eval-out", help="output folder (default eval-out)")
    sp.add_argument("--baseline", action="store_true", help="also score a plain llama-index pipeline side by side")
    _common(sp)

    sp = sub.add_parser("serve", help="start the browser chat")
    sp.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    sp.add_argument("--port", type=int, default=7860)
    sp.add_argument("--llm", choices=LLM_CHOICES)
    sp.add_argument(
        "--watch", nargs="?", const="", default=None, metavar="FOLDER",
        help="beside the chat, sync FOLDER as it changes and poll the followed feeds (see `byline watch`)",
    )  # fmt: skip
    sp.add_argument("--every", default="15m", metavar="DURATION", help="with --watch: how often to poll the feeds (default 15m)")
    _common(sp, json_flag=False)


def assistant_for(args: argparse.Namespace, **extra: Any) -> Any:
    from .assistant import Assistant

    return Assistant(index=args.index, llm=getattr(args, "llm", None), chroma_url=args.chroma_url, **extra)


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(text)


class Bars:
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
