"""Feed sync speed against ingesting the same articles as files (issue 16's goals).

    python bench/feeds.py [--articles ../shared/eval/multihop-rag/articles] [--items 1000]

``--items`` articles (the folder's, taken in turn; an item past the folder's count gets a line of its own so
that no two are the same bytes) are written as files and served by a local web site (bench/website.py) as
HTML pages listed in one RSS feed.  Side by side, with the real embedding model:

1. ``ingest`` of the files into a fresh index;
2. ``fetch`` of the feed into another fresh index (every page fetched, read by trafilatura, saved, indexed);
3. the same feed polled again, unchanged: the feed answers 304;
4. the feed changed (a new ETag) but every page answers 304: pages whose bodies are downloaded are counted.

Prints a Markdown table: times, the ratios the goals are on (feed sync <= 2x the file ingest, unchanged
re-poll <= 2% of the first sync) and bodies downloaded in step 4 (goal 0).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.website import article_page, rss, serve  # noqa: E402
from rag import Assistant  # noqa: E402
from rag.ingest.load import split_header  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", default=str(Path(__file__).resolve().parents[2] / "shared/eval/multihop-rag/articles"))
    p.add_argument("--items", type=int, default=1000)
    args = p.parse_args(argv)
    sources = sorted(Path(args.articles).glob("*.txt"))
    if not sources:
        print(f"{args.articles}: no .txt articles", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="byline-feeds-"))
    files = work / "files"
    files.mkdir()
    site, server = serve()
    items = []
    for i in range(args.items):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8")
        if i >= len(sources):
            text = text.rstrip("\n") + f"\n\nThis is item {i} of the benchmark feed.\n"
        name = f"{i:04d}-{src.name}"
        (files / name).write_text(text, encoding="utf-8")
        meta, _ = split_header(text)
        path = f"/a/{i}"
        site.set(path, article_page(files / name, site.base + path), etag=f'"{i}"')
        items.append({"title": meta.get("title", name), "link": site.base + path, "guid": f"g{i}"})
    site.set("/feed.xml", rss("Bench", items), content_type="application/rss+xml", etag='"f1"')

    t = time.perf_counter()
    files_report = Assistant(index=work / "files-index", llm="extractive").ingest(files)
    t_files = time.perf_counter() - t

    bot = Assistant(index=work / "feed-index", llm="extractive")
    t = time.perf_counter()
    first = bot.fetch(site.base + "/feed.xml")
    t_feed = time.perf_counter() - t
    bot.follow(site.base + "/feed.xml")  # follows (records the feed's ETag); the pages all answer 304

    t = time.perf_counter()
    again = bot.poll()[0]
    t_again = time.perf_counter() - t

    site.set("/feed.xml", rss("Bench", items), content_type="application/rss+xml", etag='"f2"')
    site.hits.clear()
    t = time.perf_counter()
    changed = bot.poll()[0]
    t_changed = time.perf_counter() - t
    bodies = sum(1 for path, h in site.hits if h.get("status") == "200" and path.startswith("/a/"))
    server.shutdown()

    ingest = first.ingest
    print(f"{args.items} items ({len(sources)} distinct articles), work folder {work}\n")
    print("| step | seconds | articles | note |\n|---|---|---|---|")
    print(f"| ingest the files | {t_files:.1f} | {files_report.added} | |")
    print(f"| fetch the feed (pages fetched, read, saved, indexed) | {t_feed:.1f} | {ingest.added if ingest else 0} | "
          f"{first.new} new, {len(first.errors)} errors; **{t_feed / t_files:.2f}x** the file ingest (goal <= 2x) |")  # fmt: skip
    print(f"| poll again, feed unchanged (304) | {t_again:.2f} | - | "
          f"**{100 * t_again / t_feed:.2f}%** of the first sync (goal <= 2%); not modified: {again.not_modified} |")  # fmt: skip
    print(f"| poll, feed changed, pages 304 | {t_changed:.2f} | - | "
          f"page bodies downloaded: **{bodies}** (goal 0); {changed.not_modified} pages answered 304 |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
