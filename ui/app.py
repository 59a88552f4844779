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

import logging
import os
from types import SimpleNamespace
from typing import Any

from rag import Assistant

from . import panels
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
    """The Gradio Blocks app for ``assistant``: the page (:func:`_chat_tab`, :func:`_stories_tab`,
    :func:`_articles_tab`) wired to the handlers of :mod:`ui.handlers`."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gradio as gr

    from .handlers import Handlers

    on = Handlers(assistant)
    with gr.Blocks(title="Byline") as demo:
        gr.HTML(
            "<h1>Byline</h1><p>Ask about your news articles. Every claim cites the exact passage it rests on; "
            "click a <b>[n]</b> to see it.</p>",
            elem_id="byline-header",
        )
        c = _chat_tab(gr, assistant)
        s = _stories_tab(gr)
        a = _articles_tab(gr)
        # Every question goes straight to Byline's own queue (rag.ask.admission, shared with /api and /v1): it shows
        # the passages at once, lets one question at a time write with the model, and says when it is too busy.
        c.box.submit(
            on.respond,
            [c.box, c.chat, c.asked, c.llm, c.k, c.since, c.until, c.as_of],
            [c.chat, c.box, c.sources, c.asked],
            api_name="chat",
            concurrency_limit=None,
        )

        def restart() -> tuple[list[Any], list[str], str]:
            return [], [], '<div class="byline-status">Sources appear here.</div>'

        c.clear.click(restart, None, [c.chat, c.asked, c.sources], api_visibility="private")
        c.chat.clear(restart, None, [c.chat, c.asked, c.sources], api_visibility="private")
        listed = [a.table, a.pick, a.stats]
        a.needle.change(on.listing, a.needle, listed, api_visibility="private")
        a.tab.select(on.listing, a.needle, listed, api_visibility="private")
        a.add.click(on.upload, [a.files, a.needle], [a.results, *listed, a.files], api_name="upload")
        a.drop.click(on.remove, [a.pick, a.needle], [a.removed, *listed], api_name="remove")
        demo.load(on.listing, None, listed, api_visibility="private")
        a.tab.select(on.feed_list, None, a.feeds_view, api_visibility="private")
        a.follow.click(on.follow, [a.feed_url, a.needle], [a.feed_result, a.feeds_view, *listed], api_name="follow")
        a.poll.click(on.poll, [a.needle], [a.feed_result, a.feeds_view, *listed], api_name="poll")
        story_in = [s.topic, s.since, s.until]
        s.timeline.click(on.timeline, story_in, s.story, api_name="timeline")
        s.topic.submit(on.timeline, story_in, s.story, api_visibility="private")
        s.coverage.click(on.coverage, story_in, s.story, api_name="coverage")
        gr.api(on.ask, api_name="ask")
    return demo


def _chat_tab(gr: Any, assistant: Assistant) -> SimpleNamespace:
    """The chat, its settings and the sources panel."""
    asked = gr.State([])
    with gr.Tab("Chat", id="chat-tab"):
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=320):
                chat = gr.Chatbot(
                    label="Chat", height=480, elem_id="chat", buttons=["copy"], feedback_options=None, sanitize_html=True
                )
                box = gr.Textbox(placeholder=EXAMPLE, label="Question", elem_id="question", submit_btn=True, lines=1, max_lines=4)
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
    return SimpleNamespace(
        asked=asked, chat=chat, box=box, clear=clear, llm=llm, k=k, since=since, until=until, as_of=as_of, sources=sources
    )


def _stories_tab(gr: Any) -> SimpleNamespace:
    """A story's timeline or its coverage by outlet."""
    with gr.Tab("Stories", id="stories-tab"):
        with gr.Row():
            topic = gr.Textbox(label="Story", placeholder="Taylor Swift and Travis Kelce", elem_id="story-topic", scale=3)
            since = gr.Textbox(label="Published from", placeholder="YYYY-MM-DD", elem_id="story-since", scale=1)
            until = gr.Textbox(label="to", placeholder="YYYY-MM-DD", elem_id="story-until", scale=1)
        with gr.Row():
            timeline = gr.Button("Timeline", variant="primary", elem_id="timeline-btn")
            coverage = gr.Button("Coverage by outlet", elem_id="coverage-btn")
        story = gr.HTML('<div class="byline-status">The dated events of a story, or who covered it.</div>', elem_id="story")
    return SimpleNamespace(topic=topic, since=since, until=until, timeline=timeline, coverage=coverage, story=story)


def _articles_tab(gr: Any) -> SimpleNamespace:
    """The index: search, upload, removal and the followed feeds."""
    with gr.Tab("Articles", id="articles-tab") as tab:
        stats = gr.Markdown(elem_id="stats")
        needle = gr.Textbox(label="Search the index", placeholder="title, outlet, date…", elem_id="article-search")
        table = gr.Dataframe(
            headers=panels.ARTICLE_COLUMNS,
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
                follow = gr.Button("Follow", variant="primary", elem_id="follow", scale=1)
                poll = gr.Button("Poll now", elem_id="poll", scale=1)
            feed_result = gr.Markdown(elem_id="feed-result")
    return SimpleNamespace(
        tab=tab, stats=stats, needle=needle, table=table, files=files, add=add, results=results, pick=pick, drop=drop,
        removed=removed, feeds_view=feeds_view, feed_url=feed_url, follow=follow, poll=poll, feed_result=feed_result,
    )  # fmt: skip


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
