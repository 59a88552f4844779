"""The question inside a polite or indirect wording: "Can you explain why Meta is charging for ad-free Facebook?"
asks for an explanation, not whether Byline can give one; "I'd like a summary of the COP28 outcome" for a summary;
"Do you know who scored?" for a name; "Any news on the Masimo case?" and "What's new with Spotify?" for the latest
on it; "What do we know about the dog illness?" for an account of it.  The analysis reads the
question so unwrapped (:func:`unwrapped`); the user's words are kept as asked (``Question.asked``)."""

from __future__ import annotations

import re

from .focus import REQUEST_WORDS

_ASKING = r"(?:can|could|would|will) (?:you|u)(?: please| kindly)?|please"
# a request verb after "can you" (not "would you say ...?", a yes/no question)
_REQUEST = re.compile(rf"^\s*(?:{_ASKING})\s*,?\s+(?P<rest>(?P<verb>[a-z]+)\b.*)$", re.I | re.S)
_WANT = re.compile(
    r"^\s*(?:i(?:['’]d| would) like|i want|i need|i(?:['’]m| am) after|i(?:['’]m| am) looking for)\s+"
    r"(?P<what>(?:a|an|the|some)\s+.*)$",
    re.I | re.S,
)
_KNOW = re.compile(
    r"^\s*(?:(?:do|does) (?:you|anyone|anybody) know|i(?:['’]d| would) like to know|i want to know|i(?:['’]m| am)"
    r" wondering|i wonder|(?:can|could) you tell me)\s*,?\s+(?P<rest>(?:who|what|when|where|why|how|which|whose)\b.*)$",
    re.I | re.S,
)
_NEWS = re.compile(
    r"^\s*(?:any (?:news|updates?|developments|word)\s+(?:on|about|regarding|in)|what(?:['’]s| is) new (?:with|on|in|at))"
    r"\s+(?P<what>.+)$",
    re.I | re.S,
)
_KNOWN = re.compile(r"^\s*what (?:do|does|did) (?:we|you|anyone|they) know about\s+(?P<what>.+)$", re.I | re.S)
_MORE_VERBS = {"explain", "compare", "describe", "list", "name", "summarize", "summarise", "recap", "outline", "trace"}


def unwrapped(question: str) -> str:
    """``question`` without its polite or indirect wording (see the module docstring); as it is when it has none."""
    m = _KNOW.match(question)
    if m:
        return _capital(m["rest"])
    m = _REQUEST.match(question)
    if m and m["verb"].lower() in REQUEST_WORDS | _MORE_VERBS and m["verb"].lower() not in ("can", "could", "please"):
        return _capital(m["rest"])
    m = _WANT.match(question)
    if m:
        return "Give me " + m["what"]
    m = _NEWS.match(question)
    if m:
        return "What is the latest on " + m["what"]
    m = _KNOWN.match(question)
    if m:
        return "Tell me about " + m["what"]
    return question


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
