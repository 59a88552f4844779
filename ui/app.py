"""Byline in the browser: a Gradio app over ``rag.Assistant``.

* **Chat**: answers stream token by token; the articles found show in the
  sources panel as soon as retrieval is done; ``[n]`` markers are links that
  open source card n at the highlighted passage; follow-ups are searched with
  the questions they follow (the standalone query is shown on request).
* **Articles**: the index with search, upload (per-file result lines),
  removal, and the followed feeds (last poll, new items, errors; follow, poll now).
  The chat sees changes at once.
* **Settings**: answerer, passages per question, a publication-date range.
* ``/ask`` (``gradio_client``: ``predict(question, api_name="/ask")``).

Only ``rag``'s public API is used; no retrieval or answering logic lives here.
"""

from __future__ import annotations

import html
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rag import Answer, Assistant, BylineError, Retrieved

from . import render
from .assets import CSS, HEAD

log = logging.getLogger(__name__)
EXAMPLE = "How many Islamic State prisoners did US forces move from Syria to Iraq?"


def answerers(assistant: Assistant) -> list[str]:
    """Answerers this installation can use: the configured one first."""
    names = [assistant.config.llm] + [n for n in ("local", "extractive") if n != assistant.config.llm]
    if getattr(assistant.config, "openai_base_url", "") and "openai" not in names:
        names.append("openai")
    return names


def build(assistant: Assistant) -> Any:
    """The Gradio Blocks app for ``assistant``."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gradio as gr

    # ------------------------------------------------------------------ chat
    def respond(
        message: str,
        history: list[dict[str, Any]],
        asked: list[str],
        llm: str,
        k: float,
        since: str,
        until: str,
        as_of: str = "",
    ) -> Iterator[tuple[Any, ...]]:
        history = list(history or [])
        asked = list(asked or [])
        if not (message or "").strip():
            gr.Warning("Type a question about the indexed articles first.")
            yield history, "", gr.skip(), asked
            return
        history += [{"role": "user", "content": render.md_escape(message)}, {"role": "assistant", "content": "…"}]
        yield history, "", '<div class="byline-status">Searching the articles…</div>', asked
        text = ""
        items = assistant.stream(
            message,
            int(k),
            history=asked,
            llm=llm,
            since=(since or "").strip(),
            until=(until or "").strip(),
            as_of=(as_of or "").strip(),
        )
        try:
            for item in items:
                if isinstance(item, Retrieved):  # the best passages fill the wait for the answer
                    history[-1] = {"role": "assistant", "content": render.waiting_markdown(item)}
                    yield history, "", render.found_html(item, message.strip()), asked
                elif isinstance(item, Answer):
                    content = render.abstention_markdown(item.text) if item.abstained else render.answer_markdown(item)
                    history[-1] = {"role": "assistant", "content": content}
                    yield history, "", render.sources_html(item, assistant.article_text), asked + [message.strip()]
                else:  # a checked line of the answer
                    text += item
                    history[-1] = {"role": "assistant", "content": render.answer_markdown(text) + " ▌"}
                    yield history, "", gr.skip(), asked
        except BylineError as e:
            gr.Warning(str(e))
            history[-1] = {"role": "assistant", "content": render.error_markdown(str(e))}
            yield history, "", "", asked
        finally:
            items.close()  # a page that goes away gives up its place for the model

    def ask(question: str) -> str:
        """Answer a question; returns a JSON document {"answer", "abstained", "citations", "query", "conflicts"}
        (or {"error"})."""
        try:
            return json.dumps(assistant.ask(question).to_dict(), ensure_ascii=False)
        except BylineError as e:
            return json.dumps({"error": str(e)}, ensure_ascii=False)

    # -------------------------------------------------------------- articles
    def timeline(topic: str, since: str, until: str) -> str:
        """A story's dated events, each with its sources (HTML)."""
        try:
            return render.timeline_html(assistant.timeline(topic, since=since.strip(), until=until.strip()))
        except BylineError as e:
            return f'<div class="byline-status">{html.escape(str(e))}</div>'

    def coverage(topic: str, since: str, until: str) -> str:
        """Which outlets covered a story (HTML)."""
        try:
            return render.coverage_html(assistant.coverage(topic, since=since.strip(), until=until.strip()))
        except BylineError as e:
            return f'<div class="byline-status">{html.escape(str(e))}</div>'

    def listing(needle: str = "") -> tuple[Any, Any, str]:
        try:
            infos = assistant.articles()
        except BylineError:
            infos = []
        rows = render.article_rows(infos, needle)
        choices = [(f"{r[0][:80]} ({r[1] or 'no outlet'}, {r[2] or 'no date'})", r[4]) for r in render.article_rows(infos)]
        chunks = sum(a.chunks for a in infos)
        stats = (
            f"**{len(infos)}** articles · **{chunks:,}** chunks · index `{assistant.config.index}`"
            if infos
            else "The index is empty: upload articles below, or run `byline ingest FOLDER`."
        )
        watching = render.watch_markdown(assistant.watching())
        stats += f"\n\n{watching}" if watching else ""
        return gr.update(value=rows), gr.update(choices=choices, value=None), stats

    def upload(files: list[str] | None, needle: str, progress: Any = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        lines = []
        paths = [f if isinstance(f, str) else getattr(f, "name", str(f)) for f in files or []]
        if not paths:
            gr.Warning("Choose one or more files first (.txt, .md, .html, .json, .jsonl, .pdf).")
        for path in progress.tqdm(paths, desc="Indexing"):
            name = Path(path).name
            try:
                lines.append(render.upload_line(name, assistant.upload(name, path)))
            except BylineError as e:
                lines.append(render.upload_line(name, str(e).removeprefix(f"{name}: ").removeprefix(f"{name!r}: ")))
        table, choices, stats = listing(needle)
        return "\n\n".join(lines), table, choices, stats, None

    def remove(article_id: str | None, needle: str) -> tuple[Any, ...]:
        if not article_id:
            gr.Warning("Pick an article to remove first.")
            return (gr.skip(), *listing(needle))
        try:
            info = assistant.remove(article_id)
            message = f"Removed **{render.md_escape(info.title or info.path)}**."
        except BylineError as e:
            message = render.error_markdown(str(e))
        return (message, *listing(needle))

    def feed_list() -> str:
        try:
            return render.feeds_html(assistant.feeds())
        except BylineError as e:
            return f'<div class="byline-status">{html.escape(str(e))}</div>'

    def follow(url: str, needle: str) -> tuple[Any, ...]:
        url = (url or "").strip()
        if not url:
            gr.Warning("Paste the address of an RSS or Atom feed first.")
            return (gr.skip(), gr.skip(), *listing(needle))
        try:
            line = render.sync_line(assistant.follow(url))
        except BylineError as e:
            line = render.sync_line(str(e), url)
        return (line, feed_list(), *listing(needle))

    def poll(needle: str) -> tuple[Any, ...]:
        try:
            lines = [render.sync_line(r) for r in assistant.poll()] or ["No feeds are followed yet."]
        except BylineError as e:
            lines = [render.error_markdown(str(e))]
        return ("\n\n".join(lines), feed_list(), *listing(needle))

    # ---------------------------------------------------------------- layout
    with gr.Blocks(title="Byline") as demo:
        gr.HTML(
            "<h1>Byline</h1><p>Ask about your news articles. Every claim cites the exact passage it rests on; "
            "click a <b>[n]</b> to see it.</p>",
            elem_id="byline-header",
        )
        asked = gr.State([])
        with gr.Tab("Chat", id="chat-tab"):
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=320):
                    chat = gr.Chatbot(
                        label="Chat", height=480, elem_id="chat", buttons=["copy"], feedback_options=None, sanitize_html=True
                    )
                    box = gr.Textbox(
                        placeholder=EXAMPLE, label="Question", elem_id="question", submit_btn=True, lines=1, max_lines=4
                    )
                    with gr.Row():
                        clear = gr.Button("New conversation", size="sm", elem_id="clear")
                    with gr.Accordion("Settings", open=False, elem_id="settings"):
                        llm = gr.Radio(answerers(assistant), value=assistant.config.llm, label="Answerer", elem_id="llm")
                        k = gr.Slider(1, 20, value=assistant.config.k, step=1, label="Passages per question", elem_id="k")
                        with gr.Row():
                            since = gr.Textbox(label="Only articles from", placeholder="YYYY-MM-DD", elem_id="since")
                            until = gr.Textbox(label="to", placeholder="YYYY-MM-DD", elem_id="until")
                        as_of = gr.Textbox(
                            label="Ask as of", placeholder="YYYY-MM-DD (default: the newest article's day)", elem_id="as-of"
                        )
                        gr.Markdown(
                            'With a date range, articles without a publication date are left out. "Last week" and'
                            ' "latest" are reckoned from the *as of* day; later articles are left out.'
                        )
                with gr.Column(scale=2, min_width=300):
                    gr.Markdown("### Sources")
                    sources = gr.HTML('<div class="byline-status">Sources appear here.</div>', elem_id="sources")
        with gr.Tab("Stories", id="stories-tab"):
            with gr.Row():
                topic = gr.Textbox(label="Story", placeholder="Taylor Swift and Travis Kelce", elem_id="story-topic", scale=3)
                story_since = gr.Textbox(label="Published from", placeholder="YYYY-MM-DD", elem_id="story-since", scale=1)
                story_until = gr.Textbox(label="to", placeholder="YYYY-MM-DD", elem_id="story-until", scale=1)
            with gr.Row():
                show_timeline = gr.Button("Timeline", variant="primary", elem_id="timeline-btn")
                show_coverage = gr.Button("Coverage by outlet", elem_id="coverage-btn")
            story = gr.HTML('<div class="byline-status">The dated events of a story, or who covered it.</div>', elem_id="story")
        with gr.Tab("Articles", id="articles-tab") as articles_tab:
            stats = gr.Markdown(elem_id="stats")
            needle = gr.Textbox(label="Search the index", placeholder="title, outlet, date…", elem_id="article-search")
            table = gr.Dataframe(
                headers=render.ARTICLE_COLUMNS,
                interactive=False,
                wrap=True,
                elem_id="articles",
                max_height=420,
                column_widths=["44%", "18%", "12%", "8%", "18%"],
            )
            with gr.Row(equal_height=False):
                with gr.Column(min_width=300):
                    files = gr.File(
                        label="Add articles (.txt, .md, .html, .json, .jsonl, .pdf)",
                        file_count="multiple",  # no file_types: a wrong type gets our message, not a silent drop
                        elem_id="upload",
                    )
                    add = gr.Button("Add to the index", variant="primary", elem_id="add")
                    results = gr.Markdown(elem_id="upload-results")
                with gr.Column(min_width=300):
                    pick = gr.Dropdown(label="Remove an article", choices=[], elem_id="remove-pick")
                    drop = gr.Button("Remove", variant="stop", elem_id="remove")
                    removed = gr.Markdown(elem_id="remove-result")
            with gr.Accordion("Feeds", open=False, elem_id="feeds-box"):
                feeds_view = gr.HTML(elem_id="feeds")
                with gr.Row():
                    feed_url = gr.Textbox(
                        label="Follow a feed", placeholder="https://example.com/rss.xml", elem_id="feed-url", scale=4
                    )
                    follow_btn = gr.Button("Follow", variant="primary", elem_id="follow", scale=1)
                    poll_btn = gr.Button("Poll now", elem_id="poll", scale=1)
                feed_result = gr.Markdown(elem_id="feed-result")

        # Every question goes straight to Byline's own queue (rag.ask.admission, shared with /api and /v1): it shows
        # the passages at once, lets one question at a time write with the model, and says when it is too busy.
        box.submit(
            respond,
            [box, chat, asked, llm, k, since, until, as_of],
            [chat, box, sources, asked],
            api_name="chat",
            concurrency_limit=None,
        )

        def restart() -> tuple[list[Any], list[str], str]:
            return [], [], '<div class="byline-status">Sources appear here.</div>'

        clear.click(restart, None, [chat, asked, sources], api_visibility="private")
        chat.clear(restart, None, [chat, asked, sources], api_visibility="private")
        needle.change(listing, needle, [table, pick, stats], api_visibility="private")
        articles_tab.select(listing, needle, [table, pick, stats], api_visibility="private")
        add.click(upload, [files, needle], [results, table, pick, stats, files], api_name="upload")
        drop.click(remove, [pick, needle], [removed, table, pick, stats], api_name="remove")
        demo.load(listing, None, [table, pick, stats], api_visibility="private")
        articles_tab.select(feed_list, None, feeds_view, api_visibility="private")
        follow_btn.click(follow, [feed_url, needle], [feed_result, feeds_view, table, pick, stats], api_name="follow")
        poll_btn.click(poll, [needle], [feed_result, feeds_view, table, pick, stats], api_name="poll")
        show_timeline.click(timeline, [topic, story_since, story_until], story, api_name="timeline")
        topic.submit(timeline, [topic, story_since, story_until], story, api_visibility="private")
        show_coverage.click(coverage, [topic, story_since, story_until], story, api_name="coverage")
        gr.api(ask, api_name="ask")
    return demo


def launch_options(assistant: Assistant) -> dict[str, Any]:
    """Keyword arguments for ``launch``/``mount_gradio_app``: our CSS and script, the upload ceiling."""
    ceiling = max(2 * assistant.config.max_size_mb, 1.0)  # larger files get our own message up to here
    return {"css": CSS, "head": HEAD, "theme": theme(), "max_file_size": f"{ceiling:g}mb"}


def theme() -> Any:
    """Gradio's default look with system fonts: the page loads nothing from the internet."""
    import gradio as gr

    return gr.themes.Default(
        font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
    )


def create_app(assistant: Assistant) -> Any:
    """One FastAPI app: the REST and OpenAI-compatible API (:mod:`ui.rest`) and the browser app at ``/``."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gradio as gr
    from fastapi import FastAPI

    from rag import __version__

    from . import auth, rest

    users = auth.credentials(assistant.config.auth)
    app = FastAPI(title="Byline API", version=__version__, docs_url=None, redoc_url=None)
    rest.install(app, assistant)
    if users:
        auth.protect(app, users)
    demo = build(assistant).queue(default_concurrency_limit=4)
    return gr.mount_gradio_app(
        app,
        demo,
        path="/",
        footer_links=["api"],
        show_error=False,
        auth=users or None,
        auth_message="Byline: sign in with the user and password from BYLINE_AUTH.",
        **launch_options(assistant),
    )


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Serve the browser app and the API on ``host:port`` until interrupted."""
    import uvicorn

    app = create_app(assistant)
    if host not in ("127.0.0.1", "localhost", "::1") and not assistant.config.auth:
        log.warning(
            "serving on %s without BYLINE_AUTH: anyone who can reach this address can read and change the index. "
            "Set BYLINE_AUTH=user:password to require a login.",
            host,
        )
    print(f"Byline: browser app on http://{host}:{port}/ , API docs on http://{host}:{port}/docs", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
