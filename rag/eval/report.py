"""Write an evaluation's outputs: metrics.json, report.md, questions.csv and PNG plots."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

RET_KEYS = ("hits@4", "hits@10", "map@10", "mrr@10", "evidence_recall@10")
ANS_KEYS = (
    "accuracy",
    "strict_accuracy",
    "null_abstention",
    "wrong_abstention",
    "citation_precision",
    "citation_recall",
    "answer_citation_gold_article",
    "answer_citation_gold_fact",
    "latency_p50_s",
    "latency_p95_s",
    "ttft_p50_s",
)


def _f(v: Any) -> str:
    return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def write_report(out: Path, metrics: dict[str, Any], results: dict[str, list[Any]]) -> None:
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _write_csv(out / "questions.csv", results)
    _write_markdown(out / "report.md", metrics)
    try:
        _plots(out, metrics, results)
    except ImportError:  # pragma: no cover - matplotlib missing
        pass


def _write_csv(path: Path, results: dict[str, list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "system",
                "id",
                "type",
                "question",
                "gold",
                "answer",
                "hit_ranks",
                "correct",
                "strict",
                "abstained",
                "citations",
                "valid_citations",
                "latency_s",
                "ttft_s",
                "retrieval_s",
            ]
        )
        for system, recs in results.items():
            for r in recs:
                ranks = " ".join(str(i) for i, found in enumerate(r.ranks, 1) if found)
                w.writerow(
                    [
                        system,
                        r.id,
                        r.type,
                        r.question,
                        r.gold,
                        r.answer,
                        ranks,
                        r.correct,
                        r.strict,
                        r.abstained,
                        r.citations,
                        r.valid_citations,
                        round(r.latency_s, 3),
                        round(r.ttft_s, 3),
                        round(r.retrieval_s, 4),
                    ]
                )


def _write_markdown(path: Path, m: dict[str, Any]) -> None:
    cfg = m["config"]
    lines = [
        "# Byline evaluation",
        "",
        f"- gold: `{cfg['gold']}`, split `{cfg['split']}`, limit {cfg['limit']}, seed {cfg['seed']}, n = {m['n']}",
        f"- articles: `{cfg['articles']}`, {cfg['chunks']} chunks of at most {cfg['chunk_tokens']} tokens "
        f"(tiktoken cl100k, as llama-index's SentenceSplitter counts), overlap {cfg['chunk_overlap_sentences']} sentence",
        f"- answerer: `{cfg['llm']}`; retrieval scored on the top {cfg['k_retrieval']} chunks; the answerer reads evidence "
        f"sentences from the top {cfg['k_answer']}",
        "- accuracy is scored on the direct answer (first line, markers removed); an abstention counts as "
        '"Insufficient information." (the paper\'s rule); null queries are excluded from retrieval metrics',
        "",
    ]
    systems = [("Byline", m)] + ([("plain llama-index baseline", m["baseline"])] if "baseline" in m else [])
    if "retrieval" in m:
        lines += ["## Retrieval", "", "| system | " + " | ".join(RET_KEYS) + " |", "|---" * (len(RET_KEYS) + 1) + "|"]
        for name, s in systems:
            r = s.get("retrieval", {})
            lines.append(f"| {name} | " + " | ".join(_f(r.get(k)) for k in RET_KEYS) + " |")
        p = cfg["paper"]
        lines.append(
            f"| paper's best (voyage-02 + bge-reranker-large) | {p['hits@4']} | {p['hits@10']} "
            f"| {p['map@10']} | {p['mrr@10']} | - |"
        )
        lines += [
            "",
            "By question type (Byline):",
            "",
            "| type | n | " + " | ".join(RET_KEYS) + " |",
            "|---" * (len(RET_KEYS) + 2) + "|",
        ]
        for t, r in m["retrieval"]["by_type"].items():
            lines.append(f"| {t} | {r['n']} | " + " | ".join(_f(r.get(k)) for k in RET_KEYS) + " |")
        lines.append("")
    if "answer" in m:
        lines += ["## Answers", "", "| system | " + " | ".join(ANS_KEYS) + " |", "|---" * (len(ANS_KEYS) + 1) + "|"]
        for name, s in systems:
            a = s.get("answer", {})
            lines.append(f"| {name} | " + " | ".join(_f(a.get(k)) for k in ANS_KEYS) + " |")
        lines.append(
            f"| GPT-4 in the paper (retrieved chunks) | {cfg['paper']['gpt4_accuracy']} |" + " - |" * (len(ANS_KEYS) - 1)
        )
        lines += [
            "",
            "By question type (Byline):",
            "",
            "| type | n | accuracy | strict | abstained (null: correct) |",
            "|---|---|---|---|---|",
        ]
        for t, a in m["answer"]["by_type"].items():
            abst = a["null_abstention"] if a.get("null_abstention") is not None else a.get("wrong_abstention")
            lines.append(f"| {t} | {a['n']} | {_f(a['accuracy'])} | {_f(a['strict_accuracy'])} | {_f(abst)} |")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def _plots(out: Path, m: dict[str, Any], results: dict[str, list[Any]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .metrics import hits_at

    recs = results["byline"]
    ret = [r for r in recs if r.n_facts]
    if ret:
        fig, ax = plt.subplots(figsize=(5, 3.2))
        for name, rs in results.items():
            rs = [r for r in rs if r.n_facts]
            ax.plot(range(1, 11), [sum(hits_at(r.ranks, k) for r in rs) / len(rs) for k in range(1, 11)], marker="o", label=name)
        ax.set(xlabel="k", ylabel="Hits@k", ylim=(0, 1), title="Hits@k")
        ax.legend()
        fig.tight_layout()
        fig.savefig(out / "hits_at_k.png", dpi=110)
        plt.close(fig)
    if "answer" in m:
        by = m["answer"]["by_type"]
        fig, ax = plt.subplots(figsize=(5, 3.2))
        ax.bar(list(by), [by[t]["accuracy"] for t in by])
        ax.set(ylabel="accuracy (paper's rule)", ylim=(0, 1), title="Accuracy by question type")
        ax.tick_params(axis="x", labelrotation=20)
        fig.tight_layout()
        fig.savefig(out / "accuracy_by_type.png", dpi=110)
        plt.close(fig)
        fig, ax = plt.subplots(figsize=(5, 3.2))
        ax.hist([r.latency_s for r in recs], bins=20)
        ax.set(xlabel="seconds per answer", ylabel="questions", title="Answer latency")
        fig.tight_layout()
        fig.savefig(out / "latency.png", dpi=110)
        plt.close(fig)
