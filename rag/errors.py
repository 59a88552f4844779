"""Byline's exceptions.  Every message says what went wrong and what to do;
the CLI prints it as one line, the UI as a warning."""

from __future__ import annotations


class BylineError(Exception):
    """Base class: a problem the user can fix, described in one line.  ``http_status``: what the API answers."""

    http_status = 400


class InputError(BylineError):
    """A path, file or value given to Byline cannot be used."""


class NotFound(InputError):
    """What was named (an article id or path) is not in the index."""

    http_status = 404


class Busy(BylineError):
    """More questions wait for the model than ``max_waiting`` allows; ask again after ``retry_after`` seconds."""

    http_status = 503

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class IndexProblem(BylineError):
    """The index is missing, locked, unwritable, or not a Byline index."""


class ModelError(BylineError):
    """A model (embedder or LLM) could not be found, assembled or loaded."""
