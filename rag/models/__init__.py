"""The models: the sentence embedder (ONNX), the local GGUF LLM and its server, and the answer writers
(local, OpenAI-compatible, extractive)."""
