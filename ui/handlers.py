"""What the browser app does when asked: each handler calls ``rag``'s public API and renders what it gives
(:mod:`ui.render`).  :func:`ui.app.build` lays the page out and wires these to it; imported only then (it needs
Gradio)."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from rag import Answer, Assistant, BylineError, Retrieved

from . import panels, render


class Handlers:
    """The app's event handlers for ``assistant``."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    # ------------------------------------------------------------------ chat
    def respond(
        self,
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
        items = self.assistant.stream(
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
                    yield history, "", render.sources_html(item, self.assistant.article_text), asked + [message.strip()]
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

    def ask(self, question: str) -> str:
        """Answer a question; returns a JSON document {"answer", "abstained", "citations", "query", "conflicts"}
        (or {"error"})."""
        try:
            return json.dumps(self.assistant.ask(question).to_dict(), ensure_ascii=False)
        except BylineError as e:
            return json.dumps({"error": str(e)}, ensure_ascii=False)

    # -------------------------------------------------------------- articles
    def timeline(self, topic: str, since: str, until: str) -> str:
        """A story's dated events, each with its sources (HTML)."""
        try:
            return panels.timeline_html(self.assistant.timeline(topic, since=since.strip(), until=until.strip()))
        except BylineError as e:
            return f'<div class="byline-status">{html.escape(str(e))}</div>'

    def coverage(self, topic: str, since: str, until: str) -> str:
        """Which outlets covered a story (HTML)."""
        try:
            return panels.coverage_html(self.assistant.coverage(topic, since=since.strip(), until=until.strip()))
        except BylineError as e:
            return f'<div class="byline-status">{html.escape(str(e))}</div>'

    def listing(self, needle: str = "") -> tuple[Any, Any, str]:
        try:
            infos = self.assistant.articles()
        except BylineError:
            infos = []
        rows = panels.article_rows(infos, needle)
        choices = [(f"{r[0][:80]} ({r[1] or 'no outlet'}, {r[2] or 'no date'})", r[4]) for r in panels.article_rows(infos)]
        chunks = sum(a.chunks for a in infos)
        stats = (
            f"**{len(infos)}** articles · **{chunks:,}** chunks · index `{self.assistant.config.index}`"
            if infos
            else "The index is empty: upload articles below, or run `byline ingest FOLDER`."
        )
        watching = panels.watch_markdown(self.assistant.watching())
        stats += f"\n\n{watching}" if watching else ""
        return gr.update(value=rows), gr.update(choices=choices, value=None), stats

    def upload(self, files: list[str] | None, needle: str, progress: Any = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        lines = []
        paths = [f if isinstance(f, str) else getattr(f, "name", str(f)) for f in files or []]
        if not paths:
            gr.Warning("Choose one or more files first (.txt, .md, .html, .json, .jsonl, .pdf).")
        for path in progress.tqdm(paths, desc="Indexing"):
            name = Path(path).name
            try:
                lines.append(panels.upload_line(name, self.assistant.upload(name, path)))
            except BylineError as e:
                lines.append(panels.upload_line(name, str(e).removeprefix(f"{name}: ").removeprefix(f"{name!r}: ")))
        table, choices, stats = self.listing(needle)
        return "\n\n".join(lines), table, choices, stats, None

    def remove(self, article_id: str | None, needle: str) -> tuple[Any, ...]:
        if not article_id:
            gr.Warning("Pick an article to remove first.")
            return (gr.skip(), *self.listing(needle))
        try:
            info = self.assistant.remove(article_id)
            message = f"Removed **{render.md_escape(info.title or info.path)}**."
        except BylineError as e:
            message = render.error_markdown(str(e))
        return (message, *self.listing(needle))

    def feed_list(self) -> str:
        try:
            return panels.feeds_html(self.assistant.feeds())
        except BylineError as e:
            return f'<div class="byline-status">{html.escape(str(e))}</div>'

    def follow(self, url: str, needle: str) -> tuple[Any, ...]:
        url = (url or "").strip()
        if not url:
            gr.Warning("Paste the address of an RSS or Atom feed first.")
            return (gr.skip(), gr.skip(), *self.listing(needle))
        try:
            line = panels.sync_line(self.assistant.follow(url))
        except BylineError as e:
            line = panels.sync_line(str(e), url)
        return (line, self.feed_list(), *self.listing(needle))

    def poll(self, needle: str) -> tuple[Any, ...]:
        try:
            lines = [panels.sync_line(r) for r in self.assistant.poll()] or ["No feeds are followed yet."]
        except BylineError as e:
            lines = [render.error_markdown(str(e))]
        return ("\n\n".join(lines), self.feed_list(), *self.listing(needle))
