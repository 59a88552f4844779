"""Byline: question answering over your own news articles, offline, with exact citations.

>>> from rag import Assistant
>>> bot = Assistant(index="index", llm="extractive")
>>> bot.ingest("seeds")                                                   # doctest: +SKIP
>>> bot.ask("How many Islamic State prisoners did US forces move?").text  # doctest: +SKIP

Importing this package is cheap: no torch, no model, no Chroma until used.
"""

from .assistant import Assistant
from .config import Config
from .errors import Busy, BylineError, IndexProblem, InputError, ModelError
from .news.coverage import Coverage
from .news.story import Timeline
from .types import (
    Answer,
    AnswerLine,
    Article,
    ArticleInfo,
    Chunk,
    Citation,
    Conflict,
    FileError,
    IngestReport,
    Passage,
    Quote,
    Retrieved,
)
from .web.feedlist import Feed
from .web.feeds import SyncReport

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "AnswerLine",
    "Article",
    "ArticleInfo",
    "Assistant",
    "Busy",
    "BylineError",
    "Chunk",
    "Citation",
    "Config",
    "Conflict",
    "Coverage",
    "Feed",
    "FileError",
    "IndexProblem",
    "IngestReport",
    "InputError",
    "ModelError",
    "Passage",
    "Quote",
    "Retrieved",
    "SyncReport",
    "Timeline",
    "__version__",
]
