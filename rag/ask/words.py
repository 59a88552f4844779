"""The words that frame a question, by sense: summarising, ordering in time, causing, saying, comparing,
listing, counting (read with spaCy's parse by :mod:`rag.ask.kinds` and :mod:`rag.ask.speaker`)."""

from __future__ import annotations

import re

# Senses a frame can carry, by lemma.  Read with the parse: a verb counts where it governs the
# request (the root of an imperative, the verb a wh-word asks about), a noun where it is what is asked for.
_SUMMARY_VERBS = {
    "summarize",
    "summarise",
    "recap",
    "outline",
    "overview",
    "brief",
    "describe",
    "review",
    "sum",
    "update",
    "digest",
}
_SUMMARY_NOUNS = {
    "summary", "overview", "recap", "rundown", "gist", "roundup", "round-up", "synopsis", "digest", "briefing", "lowdown",
    "highlight", "story", "background", "picture", "status", "update", "takeaway",
}  # fmt: skip
_TIMELINE_NOUNS = {"timeline", "chronology", "sequence", "history", "progression", "journey"}
_TIMELINE_VERBS = {"unfold", "evolve", "develop", "progress", "trace", "chronicle", "escalate", "sketch"}
_CAUSE_VERBS = {"cause", "lead", "prompt", "trigger", "drive", "spark", "force", "motivate", "explain", "result"}
_CAUSE_NOUNS = {
    "reason", "cause", "motive", "explanation", "rationale", "impact", "effect", "consequence", "why", "implication",
    "significance",
}  # fmt: skip
_AFFECT_VERBS = {"affect", "impact", "influence", "hurt", "help", "change", "shape", "work"}
_SAY_VERBS = {
    "say", "tell", "claim", "warn", "argue", "comment", "state", "predict", "think", "believe", "respond", "react",
    "remark", "admit", "insist", "suggest", "write", "forecast", "expect", "announce", "acknowledge", "deny", "call",
    "describe", "explain", "reveal", "confirm", "criticize", "criticise", "praise", "defend", "feel", "mean", "add",
    "testify", "concede", "stress", "emphasize", "emphasise", "complain", "tweet", "reply",
}  # fmt: skip
_VIEW_NOUNS = {
    "view",
    "stance",
    "position",
    "take",
    "opinion",
    "comment",
    "remark",
    "statement",
    "reaction",
    "response",
    "verdict",
}
_OPEN_VERBS = {
    "change", "plan", "do", "propose", "suggest", "find", "show", "reveal", "offer", "mean", "recommend", "introduce",
    "unveil", "promise", "cover", "include", "involve", "entail", "learn", "discover", "prepare", "try", "agree",
    "decide", "approve", "pledge", "demand",
}  # fmt: skip
_COMPARE_WORDS = {"compare", "comparison", "versus", "vs", "vs.", "differ", "difference", "contrast", "stack"}
_LIST_VERBS = {"list", "name", "enumerate", "itemize", "identify"}
_AMOUNT_NOUNS = {
    "number", "percentage", "percent", "share", "amount", "score", "price", "cost", "total", "rate", "margin", "value",
    "fee", "salary", "size", "count", "figure", "sum", "tally", "attendance", "valuation", "revenue", "profit", "budget",
    "population", "age", "odds", "spread", "record", "stake", "fine", "penalty", "deficit", "worth",
}  # fmt: skip
# A statement, then only "how?" or "why?" asking about it ("I heard the winners leaked early - how?").
_BARE_HOW = re.compile(r"(?i)^\W*\w+(?:\W+\w+){2,}?\s*(?:[-–—:,.;]\s*|\s)(?:how|why)(?: so| come| is that| was that)?\s*\?\s*$")
# Subjects of "say" that are not someone whose words a question asks for ("what did the study say").
_NOT_SPEAKERS = {"study", "research", "paper", "data", "survey", "poll", "document", "filing", "law", "rule", "bill", "letter",
                 # what markets do ("How did the stock react?"): a move, not someone's words
                 "stock", "share", "market", "price", "index", "bond", "currency", "dollar", "economy"}  # fmt: skip
# What a report says about something ("What did the BofA report say about home prices?"): an account, not one fact.
_REPORT_SAYS = re.compile(
    r"\bwhat (?:did|does|do) (?:the |this |that |their |its )?(?:[\w'.&-]+ ){0,3}(?:articles?|reports?|stor(?:y|ies)|"
    r"pieces?|coverage) (?:say|says|said|tell|tells) about\b"
)
_META_NOUNS = {"article", "report", "story", "news", "coverage", "piece", "source", "outlet", "headline", "press", "medium"}
_REQUEST_VERBS = {
    "give",
    "show",
    "tell",
    "provide",
    "walk",
    "take",
    "catch",
    "fill",
    "help",
    "let",
    "can",
    "could",
    "please",
    "go",
    "run",
    "lay",  # "lay out", "spell out", "talk me through", "bring me up to speed", "break down"
    "spell",
    "talk",
    "bring",
    "break",
}
_COMPARATIVE = re.compile(
    r"\b(more|less|fewer|most|least|bigger|biggest|larger|largest|smaller|higher|highest|lower|lowest|better|best|worse|worst|"
    r"cheaper|pricier|faster|slower|longer|shorter|older|younger|earlier|later|greater|stronger|weaker|richer|heavier)\b"
)

# A numbered edition in lower-cased text: "game 5", "week 12".
EDITION = re.compile(r"\b(game|round|week|stage|leg|test|episode|season|chapter)\s+(\d{1,2})\b")

AUX_WORDS = r"(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|shall|may|might|must)"
_YES_NO = re.compile(r"^\s*" + AUX_WORDS + r"\b", re.I)
_WH = re.compile(r"^\s*(who|whom|whose|what|which|when|where|why|how)\b", re.I)
_CLAUSE_WH = re.compile(r",\s*(who|whom|whose|what|which|when|where|why|how)\b", re.I)
_CLAUSE_AUX = re.compile(r",\s*" + AUX_WORDS + r"\s+(?!\w+ly\b)", re.I)


def is_yes_no(question: str) -> bool:
    """A question answered by yes or no: it opens with an auxiliary verb, or does so
    after a leading phrase ("After the report on May 2, did ...?") and asks no wh-question."""
    if _YES_NO.match(question):
        return True
    if _WH.match(question) or _CLAUSE_WH.search(question):
        return False
    return bool(_CLAUSE_AUX.search(question))


def folded(text: str) -> str:
    """``text`` in lower case with typographic apostrophes as straight ones: "D’Angelo" is "d'angelo" (for
    finding a name in text; :func:`rag.ask.said.plain` keeps only the words)."""
    return text.lower().replace("’", "'")


# Capitalised words that are not names: sentence openers, function words, days, months and titles (the checker
# and the owner check read a name only past these).
COMMON_CAPITALISED = frozenset(
    """The A An This That These Those It Its He She They Their His Her We Our You Your I In On At For From By With As
    After Before During While When Where Why How What Which Who Whom Whose If But And Or So Yet Also However Meanwhile
    According Both Some Many Most Several Other Others Another Each Every All No Not Yes Insufficient There Here Then Than
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec Mr Mrs Ms Dr St
    Sources Source Article Articles Report Reports Story""".split()
)
COMMON_LOWER = frozenset(w.lower() for w in COMMON_CAPITALISED)
