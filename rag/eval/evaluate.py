"""``byline eval``: score Byline (and optionally the plain llama-index baseline)
against a gold Q&A set, and write a report.

Outputs in ``out``: ``metrics.json``, ``report.md``, ``questions.csv`` (one row
per question), PNG plots, and ``results.jsonl`` (per-question results, used to
resume an interrupted run when its configuration is the same).

What is scored: accuracy is computed on the answer's direct part (its first
line, citation markers removed), never on the quoted support, so the paper's
word-overlap rule cannot be won by length.  An abstention is scored as the
answer "Insufficient information." as the paper's rule does.
"""

from __future__ import annotations

import hashlib
import json
import logging
import statistics
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .gold import GoldItem, GoldSet, load_gold, select_items
from .metrics import evidence_recall, hits_at, map_at, mrr_at
from .records import Record, Resume, run_baseline, run_byline

log = logging.getLogger(__name__)

PAPER = {"hits@10": 0.7467, "hits@4": 0.6625, "mrr@10": 0.5860, "map@10": 0.4784, "gpt4_accuracy": 0.56}
NULL_TYPE = "null_query"


def _share(rs: list[Record], part: str, whole: str) -> float | None:
    total = sum(getattr(r, whole) for r in rs)
    return sum(getattr(r, part) for r in rs) / total if total else None


def summarise(records: list[Record], retrieval_only: bool) -> dict[str, Any]:
    """Metrics overall and per question type (see :mod:`rag.eval.metrics`)."""

    def block(rs: list[Record]) -> dict[str, Any]:
        ret = [r for r in rs if r.type != NULL_TYPE and r.n_facts]
        out: dict[str, Any] = {"n": len(rs)}
        if ret:
            out["retrieval"] = {
                "hits@4": _mean(hits_at(r.ranks, 4) for r in ret),
                "hits@10": _mean(hits_at(r.ranks, 10) for r in ret),
                "map@10": _mean(map_at(r.ranks, r.n_facts) for r in ret),
                "mrr@10": _mean(mrr_at(r.ranks) for r in ret),
                "evidence_recall@10": _mean(evidence_recall(r.ranks, r.n_facts) for r in ret),
                "n": len(ret),
            }
        if not retrieval_only:
            nulls = [r for r in rs if r.type == NULL_TYPE]
            answerable = [r for r in rs if r.type != NULL_TYPE]
            answered = [r for r in answerable if not r.abstained]
            lat = [r.latency_s for r in rs]
            out["answer"] = {
                "accuracy": _mean(bool(r.correct) for r in rs),
                "strict_accuracy": _mean(bool(r.strict) for r in rs),
                "null_abstention": _mean(bool(r.abstained) for r in nulls) if nulls else None,
                "wrong_abstention": _mean(bool(r.abstained) for r in answerable) if answerable else None,
                "citation_precision": (sum(r.valid_citations for r in answered) / sum(r.citations for r in answered))
                if sum(r.citations for r in answered)
                else None,
                "citation_recall": _mean(r.valid_citations > 0 for r in answered) if answered else None,
                "answer_citation_gold_article": _share(answered, "answer_citations_article", "answer_citations"),
                "answer_citation_gold_fact": _share(answered, "answer_citations_fact", "answer_citations"),
                "latency_p50_s": statistics.median(lat) if lat else None,
                "latency_p95_s": _p95(lat),
                "ttft_p50_s": statistics.median([r.ttft_s for r in answered if r.ttft_s])
                if any(r.ttft_s for r in answered)
                else None,
            }
        return out

    overall = block(records)
    types = sorted({r.type for r in records})
    by_type = {t: block([r for r in records if r.type == t]) for t in types}
    result: dict[str, Any] = {"n": len(records)}
    if "retrieval" in overall:
        result["retrieval"] = {
            **overall["retrieval"],
            "by_type": {t: b["retrieval"] for t, b in by_type.items() if "retrieval" in b},
        }
    if "answer" in overall:
        result["answer"] = {**overall["answer"], "by_type": {t: {**b["answer"], "n": b["n"]} for t, b in by_type.items()}}
    return result


def _mean(values: Any) -> float:
    vals = [float(v) for v in values]
    return round(sum(vals) / len(vals), 4) if vals else 0.0


def _p95(values: list[float]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def evaluate(
    gold_path: str | Path,
    *,
    articles: str | Path | None = None,
    index: str | Path | None = None,
    llm: str = "local",
    retrieval_only: bool = False,
    limit: int | None = None,
    split: str = "all",
    seed: int = 0,
    out: str | Path = "eval-out",
    baseline: bool = False,
    kinds: Sequence[str] = (),
    cache_dir: str | Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Run the evaluation and write the report; returns the metrics document."""
    from ..config import Config
    from .report import write_report

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if _natural(gold_path):
        return _evaluate_natural(gold_path, articles, index, llm, split, limit, seed, out, cache_dir, progress, kinds)
    gold = load_gold(gold_path)
    items = select_items(gold, split, limit, seed, kinds)
    cache = Path(cache_dir or Path(Config.from_env(llm=llm).model_dir).parent / "eval")
    articles = _articles_dir(gold, gold_path, articles, out)
    bot, report = _bot(articles, index, cache, llm, progress)
    fingerprint = _fingerprint(gold_path, split, limit, seed, items, retrieval_only, baseline, bot)
    resume = Resume(out, fingerprint)
    systems: list[tuple[str, Callable[[GoldItem], Record]]] = [("byline", lambda it: run_byline(bot, it, retrieval_only))]
    if baseline:
        from .baseline import Baseline, plain_llm

        base = Baseline(articles, cache)
        base_llm = None if retrieval_only else plain_llm(bot.config)
        systems.append(("baseline", lambda it: run_baseline(base, base_llm, it, retrieval_only)))
    results = _run(systems, items, resume, progress)
    metrics = summarise(results["byline"], retrieval_only)
    if baseline:
        metrics["baseline"] = {k: v for k, v in summarise(results["baseline"], retrieval_only).items() if k != "n"}
    metrics["config"] = {
        **_run_config(gold_path, articles, split, limit, seed, llm),
        "chunk_tokens": bot.config.chunk_tokens,
        "chunk_overlap_sentences": bot.config.chunk_overlap,
        "chunks": report.chunks,
        "k_answer": bot.config.k,
        "k_retrieval": 10,
        "paper": PAPER,
    }
    write_report(out, metrics, results)
    return metrics


def _fingerprint(
    gold_path: str | Path, split: str, limit: int | None, seed: int, items: list[GoldItem], retrieval_only: bool,
    baseline: bool, bot: Any,
) -> str:  # fmt: skip
    """What a run's results depend on: a resumed run reuses only results with the same fingerprint."""
    settings = {k: v for k, v in asdict(bot.config).items() if k not in ("index", "model_dir", "threads")}
    return hashlib.sha1(
        json.dumps(
            {
                "gold": str(Path(gold_path).resolve()),
                "split": split,
                "limit": limit,
                "seed": seed,
                "ids": [i.id for i in items],
                "retrieval_only": retrieval_only,
                "settings": settings,
                "baseline": baseline,
                "embed": bot.embedder.name,
                "version": 1,
            },
            sort_keys=True,
        ).encode()
    ).hexdigest()


def _run(
    systems: list[tuple[str, Callable[[GoldItem], Record]]],
    items: list[GoldItem],
    resume: Resume,
    progress: Callable[[str, int, int], None] | None,
) -> dict[str, list[Record]]:
    """Each system's record for each item, taken from ``resume`` when an earlier run of the same fingerprint has it."""
    total = len(items) * len(systems)
    done = 0
    results: dict[str, list[Record]] = {}
    for name, fn in systems:
        recs = []
        for it in items:
            rec = resume.done.get((name, it.id))
            if rec is None:
                rec = fn(it)
                resume.add(name, rec)
            recs.append(rec)
            done += 1
            if progress:
                progress("eval", done, total)
        results[name] = recs
    return results


def _natural(gold_path: str | Path) -> bool:
    """Whether the gold file is a set of plain questions of every kind (see :mod:`rag.eval.natural`)."""
    p = Path(gold_path)
    if p.suffix.lower() != ".jsonl" or not p.is_file():
        return False
    with p.open(encoding="utf-8") as f:
        first = f.readline()
    try:
        row = json.loads(first)
    except ValueError:
        return False
    return isinstance(row, dict) and "must_include" in row and "kind" in row


def _evaluate_natural(
    gold_path: str | Path,
    articles: str | Path | None,
    index: str | Path | None,
    llm: str,
    split: str,
    limit: int | None,
    seed: int,
    out: Path,
    cache_dir: str | Path | None,
    progress: Callable[[str, int, int], None] | None,
    kinds: Sequence[str] = (),
) -> dict[str, Any]:
    from ..config import Config
    from . import natural

    items = natural.select(natural.load(gold_path), split, limit, seed, kinds)
    if not articles:
        from ..errors import InputError

        raise InputError(f"{gold_path}: pass --articles DIR, the folder its gold_paths name.")
    cfg = Config.from_env(llm=llm)
    bot, _ = _bot(articles, index, Path(cache_dir or Path(cfg.model_dir).parent / "eval"), llm, progress)
    bot.warm_up()
    settings = {k: v for k, v in asdict(bot.config).items() if k not in ("index", "model_dir", "threads")}
    fingerprint = hashlib.sha1(
        json.dumps({"gold": str(Path(gold_path).resolve()), "ids": [i.id for i in items], "settings": settings}).encode()
    ).hexdigest()
    metrics = natural.run(bot, items, out, fingerprint, progress)
    metrics["config"] = _run_config(gold_path, articles, split, limit, seed, llm)
    return metrics


def _bot(articles: str | Path, index: str | Path | None, cache: Path, llm: str, progress: Any) -> tuple[Any, Any]:
    """An assistant over ``articles``, synced into ``index`` (default: a cached index named after the folder)."""
    from ..assistant import Assistant

    index = Path(index) if index else cache / ("index-" + hashlib.sha1(str(Path(articles).resolve()).encode()).hexdigest()[:10])
    bot = Assistant(index=index, llm=llm)
    return bot, bot.ingest(articles, progress=progress)


def _run_config(gold_path: str | Path, articles: Any, split: str, limit: int | None, seed: int, llm: str) -> dict[str, Any]:
    return {"gold": str(gold_path), "articles": str(articles), "split": split, "limit": limit, "seed": seed, "llm": llm}


def _articles_dir(gold: GoldSet, gold_path: str | Path, articles: str | Path | None, out: Path) -> Path:
    if articles:
        return Path(articles)
    if gold.articles:  # SQuAD: the paragraphs are the articles
        folder = out / "articles"
        folder.mkdir(parents=True, exist_ok=True)
        for i, (title, text) in enumerate(gold.articles):
            (folder / f"{i:05d}.txt").write_text(f"Title: {title}\n\n{text}\n", encoding="utf-8")
        return folder
    guess = Path(gold_path).parent / "articles"
    if guess.is_dir():
        return guess
    from ..errors import InputError

    raise InputError(f"No articles for {gold_path}: pass --articles DIR.")
