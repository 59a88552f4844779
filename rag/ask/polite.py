"""The question inside a polite or indirect wording: "Can you explain why Meta is charging for ad-free Facebook?"
asks for an explanation, not whether Byline can give one; "I'd like a summary of the COP28 outcome" for a summary;
"Do you know who scored?" for a name; "Any news on the Masimo case?" and "What's new with Spotify?" for the latest
on it; "What do we know about the dog illness?" for an account of it; "Tell me who won the game" and "Give me the
score of the game" for a name and a figure, not an account.  The analysis reads the question so unwrapped
(:func:`unwrapped`); the user's words are kept as asked (``Question.asked``)."""

from __future__ import annotations

import re

from .focus import REQUEST_WORDS
from .words import _AMOUNT_NOUNS


def _after(opening: str, rest: str, sep: str = r"\s*,?\s+") -> re.Pattern[str]:
    """A wording that opens with ``opening`` and goes on with ``rest`` (the group "rest")."""
    return re.compile(rf"^\s*(?:{opening}){sep}(?P<rest>{rest})$", re.I | re.S)


_ASKING = r"(?:can|could|would|will) (?:you|u|someone|anyone|somebody)(?: please| kindly)?|please"
_WH = r"who|what|when|where|why|how|which|whose"
_TELL = r"(?:(?:please|kindly)\s+)?(?:tell|show|give) (?:me|us)"
# an opening aside before the question ("Quick question: who won ...?", "Just curious, how much ...?")
_ASIDE = _after(
    r"quick question|question|just curious|out of curiosity|hey|hi|hello|ok|okay|btw|by the way|one more thing",
    r"\S.*",
    r"\s*[,:;.!-]*\s+",
)
# a request verb after "can you" (not "would you say ...?", a yes/no question)
_REQUEST = _after(_ASKING, r"(?P<verb>[a-z]+)\b.*")
_WANT = _after(
    r"i(?:['’]d| would) like|i want|i need|i(?:['’]m| am) after|i(?:['’]m| am) looking for", r"(?:a|an|the|some)\s+.*", r"\s+"
)
_KNOW = _after(
    r"(?:do|does) (?:you|anyone|anybody) know|i(?:['’]d| would) like to know|i (?:want|need) to know|i(?:['’]m| am)"
    r" wondering|i was wondering|i wonder|(?:can|could) (?:you|someone|anyone) tell me|help me understand|let me know",
    rf"(?:{_WH})\b.*",
)
_NEWS = _after(
    r"any (?:news|updates?|developments|word)\s+(?:on|about|regarding|in)|what(?:['’]s| is) new (?:with|on|in|at)", r".+", r"\s+"
)
_KNOWN = _after(r"what (?:do|does|did) (?:we|you|anyone|they) know about", r".+", r"\s+")
# "Tell me who won ...", "Show me how much ...": the question the request embeds
_EMBEDDED = _after(_TELL, rf"(?P<wh>{_WH}|whether|if)\b.*", r"\s+")
# "Give me the score of ...", "Tell me the name of ...": a figure or a name asked for, not an account
_THING = _after(_TELL, r"the\s+(?:\w+\s+)?(?P<noun>\w+)(?:\s+of\b.*|\W*)", r"\s+")
_SAID = re.compile(r"^what (?P<who>[^,?]{2,60}?) (?:has |had )?(?:said|says)\b\s*(?P<rest>.*)$", re.I | re.S)
_THINGS = _AMOUNT_NOUNS | {"name", "date", "day", "time", "result", "winner", "location", "venue", "cause", "reason"}


def unwrapped(question: str) -> str:
    """``question`` without its polite or indirect wording (see the module docstring); as it is when it has none."""
    m = _ASIDE.match(question)
    if m:
        return unwrapped(_capital(m["rest"]))
    m = _KNOW.match(question)
    if m:
        return _capital(m["rest"])
    m = _REQUEST.match(question)
    if m and m["verb"].lower() in REQUEST_WORDS and m["verb"].lower() not in ("can", "could", "please"):
        return unwrapped(_capital(m["rest"]))  # "Could you give me the score?": give me the score
    m = _EMBEDDED.match(question)
    if m:
        rest = m["rest"].rstrip(" .?!")
        if m["wh"].lower() in ("whether", "if"):
            return "Is it true that " + rest.split(None, 1)[-1] + "?"
        said = _SAID.match(rest)
        if said:  # "what Dyche said about the penalty": what did Dyche say about it
            return f"What did {said['who']} say {said['rest']}?"
        return _capital(rest) + "?"
    m = _THING.match(question)
    if m and m["noun"].lower() in _THINGS:
        return "What is " + m["rest"].rstrip(" .?!") + "?"
    m = _WANT.match(question)
    if m:
        return "Give me " + m["rest"]
    m = _NEWS.match(question)
    if m:
        return "What is the latest on " + m["rest"]
    m = _KNOWN.match(question)
    if m:
        return "Tell me about " + m["rest"]
    return question


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
