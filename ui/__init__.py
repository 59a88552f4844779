"""Byline's browser chat (Gradio), built only on ``rag``'s public API."""
