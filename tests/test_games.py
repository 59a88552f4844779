"""Games between two sides a question names (rag.ask.games): reported at all, and who won, read from the reports."""

from dataclasses import replace

from rag import Assistant
from rag.ask.answer import Clock, short
from rag.ask.cite import Draft
from rag.ask.evidence import Evidence
from rag.ask.games import result
from rag.ask.question import analyse
from rag.types import Passage

from .test_answer import Replies


def test_a_game_the_articles_do_not_report_is_declined_and_its_result_read_from_the_report(seed_index):
    """The seeds' Newcastle report names Borussia Dortmund only as PSG's opponent; it tells Newcastle's 2-1 defeat by
    AC Milan as "a third consecutive defeat" (the model answered "Yes" to "Did Newcastle beat AC Milan?")."""
    bot = Assistant(index=seed_index, llm="extractive")
    apart = bot.ask("Did Newcastle win against Borussia Dortmund?")
    assert apart.abstained and "do not report a game between Newcastle and Borussia Dortmund" in apart.text
    assert bot.ask("What was the score of Newcastle vs Borussia Dortmund?").abstained
    for question, verdict in [("Did Newcastle beat AC Milan?", "No"), ("Did Newcastle lose to AC Milan?", "Yes"),
                              ("Did Milan beat Newcastle?", "Yes")]:  # fmt: skip
        a = bot.ask(question)
        assert a.text.split()[0] == verdict, (question, a.text)
        assert "third consecutive defeat" in a.citations[0].quote


def _report(*sentences: str) -> tuple[list[Evidence], dict[str, str]]:
    body = " ".join(sentences)
    p = Passage("c1", "a", body, 0, len(body), 1.0, "Match report", "Wire", "2023-11-24", "", "a.txt")
    out, at = [], 0
    for s in sentences:
        out.append(Evidence(replace(p), at, at + len(s), s, 1.0, 1.0))
        at += len(s) + 1
    return out, {"a": body}


def test_the_reported_result_settles_the_verdict_not_the_model():
    q = analyse("Did Rovers beat City?")
    ev, bodies = _report("Rovers were beaten 3-1 by City on Saturday.", "City's Smith scored twice.")
    step = short(q, ev, Replies("Yes"), [], Clock(0.0), bodies.get)
    assert isinstance(step, Draft) and step.lines[0].text == "No"
    ev, bodies = _report("Rovers beat City 3-1 on Saturday.", "Smith scored twice for Rovers.")
    step = short(q, ev, Replies("No"), [], Clock(0.0), bodies.get)
    assert isinstance(step, Draft) and step.lines[0].text == "Yes"
    # a sentence that denies a win ("without a win") or foresees one ("hope to beat") tells no result: the model's stands
    ev, bodies = _report("Rovers hope to beat City on Saturday.", "Rovers are without a win against City since 2019.")
    assert result(q, ev, bodies.get) is None
    step = short(q, ev, Replies("Yes"), [], Clock(0.0), bodies.get)
    assert isinstance(step, Draft) and step.lines[0].text == "Yes"
