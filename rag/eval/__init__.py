"""Scoring Byline: gold Q&A sets, retrieval and answer metrics, the eval run and its report, the plain
llama-index baseline, natural questions and replayed model output."""
