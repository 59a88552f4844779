"""The models: the sentence embedder (ONNX), the local GGUF LLM and its server, the answer writers (local,
OpenAI-compatible, extractive), and spaCy's English parser for reading questions and who said what."""
