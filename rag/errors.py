"""Byline's exceptions.  Every message says what went wrong and what to do;
the CLI prints it as one line, the UI as a warning."""

from __future__ import annotations


class BylineError(Exception):
    """Base class: a problem the user can fix, described in one line."""


class InputError(BylineError):
    """A path, file or value given to Byline cannot be used."""


class IndexProblem(BylineError):
    """The index is missing, locked, unwritable, or not a Byline index."""


class ModelError(BylineError):
    """A model (embedder or LLM) could not be found, assembled or loaded."""
