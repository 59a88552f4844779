"""A minimal Gradio chat over ``rag.Assistant``: streamed answers, numbered
sources with their verbatim quotes, and a named ``/ask`` API endpoint.

Only ``rag``'s public API is used here; article text is escaped before display
so it is always shown as text, never as HTML.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterator
from typing import Any

from rag import Answer, Assistant, BylineError

EXAMPLE = "How many Islamic State prisoners did US forces move from Syria to Iraq?"


def sources_markdown(answer: Answer) -> str:
    """The sources panel: one entry per citation, quote verbatim (escaped)."""
    if answer.abstained:
        return "_No source in the index answers this question._"
    parts = []
    for c in answer.citations:
        head = " · ".join(html.escape(x) for x in (c.source, c.published[:10]) if x)
        title = html.escape(c.title or c.path)
        link = (
            f' — <a href="{html.escape(c.url)}" target="_blank" rel="noopener">link</a>'
            if c.url.startswith(("http://", "https://"))
            else ""
        )
        parts.append(
            f'<div class="byline-source" id="source-{c.n}"><b>[{c.n}] {title}</b><br>'
            f"<small>{head}{link} · {html.escape(c.path)} · chars {c.start}–{c.end}</small>"
            f"<blockquote><mark>{html.escape(c.quote)}</mark></blockquote></div>"
        )
    return "\n".join(parts)


def build(assistant: Assistant) -> Any:
    """The Gradio Blocks app for ``assistant``."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gradio as gr

    def respond(message: str, history: list[dict[str, Any]]) -> Iterator[tuple[list[dict[str, Any]], str, str]]:
        history = list(history or [])
        if not (message or "").strip():
            gr.Warning("Type a question about the indexed articles first.")
            yield history, "", ""
            return
        history += [{"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
        yield history, "", "_Searching the articles…_"
        text = ""
        try:
            for item in assistant.stream(message):
                if isinstance(item, Answer):
                    history[-1] = {"role": "assistant", "content": html.escape(item.text, quote=False)}
                    yield history, "", sources_markdown(item)
                else:
                    text += item
                    history[-1] = {"role": "assistant", "content": html.escape(text, quote=False) + " ▌"}
                    yield history, "", "_Writing the answer…_"
        except BylineError as e:
            gr.Warning(str(e))
            history[-1] = {"role": "assistant", "content": f"⚠️ {html.escape(str(e), quote=False)}"}
            yield history, "", ""

    def ask(question: str) -> str:
        """Answer a question; returns a JSON document {"answer", "abstained", "citations"} (or {"error"})."""
        try:
            return json.dumps(assistant.ask(question).to_dict(), ensure_ascii=False)
        except BylineError as e:
            return json.dumps({"error": str(e)}, ensure_ascii=False)

    with gr.Blocks(title="Byline") as demo:
        gr.Markdown("## Byline\nAsk about the indexed news articles. Every claim cites the exact passage it rests on.")
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Chat", height=460, elem_id="chat")
                box = gr.Textbox(placeholder=EXAMPLE, label="Question", elem_id="question", submit_btn=True)
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                sources = gr.HTML("_Sources appear here._", elem_id="sources")
        box.submit(respond, [box, chat], [chat, box, sources], api_name="chat")
        gr.api(ask, api_name="ask")
    return demo


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Start the chat on ``host:port`` and block."""
    demo = build(assistant)
    demo.queue(default_concurrency_limit=4).launch(server_name=host, server_port=port, show_error=False, quiet=False)
