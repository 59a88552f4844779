"""Who gets the model, and when: one count of questions for the model, shared by the chat, ``/api`` and ``/v1``.

A question for a model takes a *slot* as it arrives: when ``max_waiting`` questions already wait behind the one
being answered, it is refused at once with :class:`~rag.errors.Busy` (HTTP 503 with ``Retry-After``), not queued
without end.  With a slot it retrieves and shows its passages at once, then waits for its *turn*: one question
at a time writes with the model, in order of arrival, so a question's several prompts (the answer, its reason,
a comparison's sides) are not interleaved with another's.  Extractive answers take neither.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import Busy


class ModelQueue:
    """Slots (admission) and turns (first come, first served) for the model."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.inside = 0  # questions holding a slot: the one answering and those waiting
        self._issued = 0  # turn tickets given out
        self._serving = 0  # the ticket whose turn it is
        self._seconds = 10.0  # running mean of how long a turn lasts, for Retry-After

    @contextmanager
    def slot(self, max_waiting: int) -> Iterator[None]:
        with self._cond:
            if self.inside > max_waiting:
                wait = max(1, round(self._seconds * self.inside))
                raise Busy(
                    f"Byline is busy: {self.inside} questions are ahead of yours for the model. Ask again in about "
                    f"{wait} s, or choose the extractive answerer, which does not wait.",
                    retry_after=wait,
                )
            self.inside += 1
        try:
            yield
        finally:
            with self._cond:
                self.inside -= 1

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self._cond:
            ticket = self._issued
            self._issued += 1
            while ticket != self._serving:
                self._cond.wait()
        t = time.perf_counter()
        try:
            yield
        finally:
            with self._cond:
                self._serving += 1
                self._seconds = 0.8 * self._seconds + 0.2 * (time.perf_counter() - t)
                self._cond.notify_all()
