"""Evaluation: metric functions on hand-worked examples, every gold format, sampling, resume, and a small real run."""

import json

import pytest

from rag.errors import InputError
from rag.eval.gold import load_gold, select_items
from rag.eval.metrics import evidence_recall, hit_ranks, hits_at, map_at, mrr_at, paper_correct, strict_correct

from .conftest import SEEDS, eval_data


def test_hits_ignore_only_spaces_and_newlines():
    facts = ["The cat sat.", "Dogs bark loudly."]
    chunks = ["x", "Dogs  bark\nloudly. The cat\nsat.", "the cat sat."]  # case matters, as in the paper
    assert hit_ranks(facts, chunks) == [[], [0, 1], []]


def test_paper_map_is_stricter_than_textbook_ap():
    ranks = [[0], [], [1]]  # facts found at ranks 1 and 3
    assert map_at(ranks, 2) == pytest.approx((1 / 1 + 1 / 3) / 2)  # 0.667; textbook AP would be 0.833
    assert mrr_at([[], [], [1]]) == pytest.approx(1 / 3)
    assert hits_at([[], [], [], [], [0]], 4) == 0.0 and hits_at([[], [], [], [], [0]], 10) == 1.0
    assert evidence_recall([[0], [0], []], 3) == pytest.approx(1 / 3)
    assert map_at([[0, 1]], 3) == pytest.approx(2 / 3)  # two new facts in one chunk


def test_paper_answer_rule():
    assert paper_correct("yes", "Yes")
    assert not paper_correct("Yes.", "Yes")  # punctuation stays attached, as in qa_evaluate.py
    assert paper_correct('The answer to the question is "Sam Bankman-Fried"', "Sam Bankman-Fried")
    assert paper_correct("Insufficient information.", "Insufficient information.")
    assert paper_correct("the Federal Reserve", "Federal Reserve")
    assert strict_correct("Yes, it did", "Yes") and not strict_correct("No, not yes", "Yes")
    assert strict_correct("The Federal Reserve", "Federal Reserve") and not strict_correct("Reserve Bank", "Federal Reserve")


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_a_plain_question_key_fact_is_met_by_any_form_of_its_last_word():
    from rag.eval.natural import includes

    assert includes("He was diagnosed late.", "diagnos")
    assert includes("Dendrites formed on the zinc.", "dendrite")
    assert includes("Risk assessments are due.", "risk assessment")
    assert not includes("An assessment of risk.", "risk assessment")  # the words in order
    assert not includes("They won 225 to 30.", "22")  # a figure is a whole figure
    assert not includes("Yes, and no.", "no")  # "no" must open the answer
    assert includes("No. The vote failed.", "no")
    assert includes("a gross margin of 17.9% and a profit", "17.9")  # a per cent sign gives the figure
    assert includes("$US612.1 million against $US27.6 million", "612.1 million")  # a currency marked as "$US"
    assert includes("profits fell 44%", "44%") and not includes("profits fell 44", "44%")
    assert not includes("a margin of 17.95%", "17.9")


def test_every_gold_format(tmp_path):
    ev = [{"title": "T", "source": "S", "url": "u", "published_at": "2023", "fact": "F one."}]
    g = load_gold(
        write(
            tmp_path / "gold.jsonl",
            json.dumps({"id": 7, "question": "Q?", "answer": "A", "type": "inference_query", "evidence": ev}) + "\n",
        )
    )
    assert g.items[0].id == 7 and g.items[0].facts == ("F one.",) and g.items[0].urls == ("u",)
    g = load_gold(
        write(
            tmp_path / "MultiHopRAG.json",
            json.dumps([{"query": "Q?", "answer": "A", "question_type": "null_query", "evidence_list": []}]),
        )
    )
    assert g.items[0].type == "null_query" and g.items[0].facts == ()
    squad = {
        "version": "1.1",
        "data": [
            {
                "title": "Some_Topic",
                "paragraphs": [
                    {
                        "context": "Lyon is in France. It has a river.",
                        "qas": [{"id": "x", "question": "Where is Lyon?", "answers": [{"text": "France", "answer_start": 11}]}],
                    }
                ],
            }
        ],
    }
    g = load_gold(write(tmp_path / "squad.json", json.dumps(squad)))
    assert g.items[0].answer == "France" and g.articles == (("Some Topic", "Lyon is in France. It has a river."),)
    g = load_gold(write(tmp_path / "simple.jsonl", '{"question": "Q1?", "answer": "A1"}\n{"question": "Q2?", "answer": "A2"}\n'))
    assert [i.id for i in g.items] == [0, 1]
    from rag import InputError

    with pytest.raises(InputError, match="needs 'question'"):
        load_gold(write(tmp_path / "bad.jsonl", '{"q": 1}\n'))


def test_sample_is_proportional_reproducible_and_split():
    root = eval_data() / "multihop-rag"
    if not (root / "gold.jsonl").exists():
        pytest.skip("MultiHop-RAG data not found (set BYLINE_EVAL_DATA)")
    gold = load_gold(root / "gold.jsonl")
    assert len(gold.items) == 2556
    test = select_items(gold, "test")
    assert len(test) == 512 and all(i.id % 5 == 0 for i in test)
    a = select_items(gold, "test", limit=100, seed=0)
    assert a == select_items(gold, "test", limit=100, seed=0) and a != select_items(gold, "test", limit=100, seed=1)
    counts = {t: sum(1 for i in a if i.type == t) for t in {i.type for i in a}}
    assert counts == {"comparison_query": 33, "inference_query": 37, "temporal_query": 21, "null_query": 9}


def test_small_real_eval_and_resume(tmp_path, seed_index):
    """Five questions about the sample articles, on the real index; the second run resumes."""
    from rag.eval.evaluate import evaluate

    gold = tmp_path / "gold.jsonl"
    seed_fact = (
        "Now US forces have moved 150 prisoners held at a detention facility in Hasakah, Syria, to a secure location in Iraq"
    )
    rows = [
        {
            "id": 0,
            "question": "How many Islamic State prisoners did US forces move from Syria to Iraq?",
            "answer": "150",
            "type": "inference_query",
            "evidence": [{"url": "", "fact": seed_fact}],
        },
        {
            "id": 1,
            "question": "What did the mayor of Reykjavik say about the geothermal tunnel?",
            "answer": "Insufficient information.",
            "type": "null_query",
            "evidence": [],
        },
    ]
    write(gold, "".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out"
    m = evaluate(gold, articles=SEEDS, index=seed_index, llm="extractive", out=out)
    assert m["n"] == 2 and m["retrieval"]["hits@10"] == 1.0 and m["retrieval"]["n"] == 1
    assert m["answer"]["accuracy"] == 1.0 and m["answer"]["null_abstention"] == 1.0
    assert m["answer"]["citation_precision"] == 1.0
    assert m["answer"]["answer_citation_gold_article"] == m["answer"]["answer_citation_gold_fact"] == 1.0
    for name in ("report.md", "metrics.json", "questions.csv", "results.jsonl", "hits_at_k.png", "accuracy_by_type.png"):
        assert (out / name).stat().st_size > 0
    assert "| Byline |" in (out / "report.md").read_text()
    lines = (out / "results.jsonl").read_text().splitlines()
    assert len(lines) == 3  # header + 2 questions
    evaluate(gold, articles=SEEDS, index=seed_index, llm="extractive", out=out)
    assert len((out / "results.jsonl").read_text().splitlines()) == 3  # resumed: nothing re-run
    evaluate(gold, articles=SEEDS, index=seed_index, llm="extractive", out=out, retrieval_only=True)
    assert (out / "results.previous.jsonl").exists()  # a different configuration starts afresh
    only = evaluate(gold, articles=SEEDS, index=seed_index, llm="extractive", out=tmp_path / "only", kinds=["null_query"])
    assert only["n"] == 1 and only["answer"]["null_abstention"] == 1.0  # --kind: that kind's questions only
    with pytest.raises(InputError, match="no such kind; it has inference_query, null_query"):
        evaluate(gold, articles=SEEDS, index=seed_index, llm="extractive", out=tmp_path / "only", kinds=["summary"])


@pytest.mark.slow
@pytest.mark.model
def test_baseline_side_by_side(tmp_path, seed_index):
    """--baseline scores a plain llama-index pipeline over the same articles in the same run."""
    from rag.eval.evaluate import evaluate

    gold = tmp_path / "gold.jsonl"
    fact = "Now US forces have moved 150 prisoners held at a detention facility in Hasakah, Syria, to a secure location in Iraq"
    row = {
        "id": 0,
        "question": "How many Islamic State prisoners did US forces move from Syria to Iraq?",
        "answer": "150",
        "type": "inference_query",
        "evidence": [{"url": "", "fact": fact}],
    }
    write(gold, json.dumps(row) + "\n")
    out = tmp_path / "out"
    m = evaluate(gold, articles=SEEDS, index=seed_index, llm="local", out=out, baseline=True, cache_dir=tmp_path / "cache")
    assert set(m["baseline"]) == {"retrieval", "answer"}
    assert m["baseline"]["retrieval"]["n"] == 1 and 0.0 <= m["baseline"]["retrieval"]["mrr@10"] <= 1.0
    assert m["baseline"]["answer"]["latency_p50_s"] > 0
    assert m["answer"]["accuracy"] == 1.0
    assert "| plain llama-index baseline |" in (out / "report.md").read_text()
    assert list((tmp_path / "cache").glob("baseline-*/complete"))  # cached for the next run
