"""Backpressure: questions for the model beyond ``max_waiting`` are refused at once (Busy, HTTP 503 with
Retry-After), not queued without end; extractive answers never wait.  Real index, real embedder; the model
is never reached (a held stream keeps its place), so a replayer with no recordings stands in for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Assistant, Busy, Retrieved
from rag.eval.replay import Replayer

from .conftest import SEED_QUESTION


@pytest.fixture
def bot(seed_index: Path) -> Assistant:
    return Assistant(index=seed_index, llm="local", writer=Replayer({}), max_waiting=1)


def test_one_answering_one_waiting_and_the_third_is_told_to_come_back(bot: Assistant) -> None:
    answering, waiting = bot.stream(SEED_QUESTION), bot.stream(SEED_QUESTION)
    assert isinstance(next(answering), Retrieved) and isinstance(next(waiting), Retrieved)
    third = bot.stream(SEED_QUESTION)
    with pytest.raises(Busy, match="busy: 2 questions are ahead") as refused:
        next(third)
    assert refused.value.retry_after >= 1 and refused.value.http_status == 503
    assert not bot.ask(SEED_QUESTION, llm="extractive").abstained  # no model, no queue
    answering.close()  # a finished (or abandoned) question frees its place
    assert isinstance(next(bot.stream(SEED_QUESTION)), Retrieved)
    waiting.close()


def test_the_api_answers_503_with_retry_after_when_the_model_is_full(bot: Assistant) -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from ui.rest import install

    app = FastAPI()
    install(app, bot)
    client = TestClient(app)
    held = [bot.stream(SEED_QUESTION) for _ in range(2)]
    for s in held:
        next(s)
    r = client.post("/api/ask", json={"question": SEED_QUESTION})
    assert r.status_code == 503 and int(r.headers["retry-after"]) >= 1 and "busy" in r.json()["error"]
    chat = {"model": "byline-local", "messages": [{"role": "user", "content": SEED_QUESTION}]}
    r = client.post("/v1/chat/completions", json=chat)
    assert r.status_code == 503 and "retry-after" in r.headers
    r = client.post("/api/ask", json={"question": SEED_QUESTION, "llm": "extractive"})
    assert r.status_code == 200 and r.json()["citations"]
    for s in held:
        s.close()


def test_turns_go_one_at_a_time_in_order_of_arrival() -> None:
    """A question's prompts are not interleaved with another's: whole answers take turns, first come first served."""
    import threading
    import time

    from rag.ask.admission import ModelQueue

    queue, order, writing, most = ModelQueue(), [], [0], [0]

    def question(n: int) -> None:
        with queue.slot(max_waiting=5), queue.turn():
            writing[0] += 1
            most[0] = max(most[0], writing[0])
            order.append(n)
            time.sleep(0.05)
            writing[0] -= 1

    threads = []
    for n in range(4):
        threads.append(threading.Thread(target=question, args=(n,)))
        threads[-1].start()
        time.sleep(0.01)  # arrive in order
    for t in threads:
        t.join(timeout=10)
    assert order == [0, 1, 2, 3] and most[0] == 1 and queue.inside == 0


def test_the_waiting_page_says_how_many_are_ahead() -> None:
    from rag import Retrieved
    from ui.render import waiting_markdown

    found = Retrieved("q", (), {"kind": "fact"}, (), ahead=2)
    assert "2 questions ahead of yours" in waiting_markdown(found)
    assert "ahead" not in waiting_markdown(Retrieved("q", (), {"kind": "fact"}, ()))
