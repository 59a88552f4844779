"""Comparisons (rag/ask/sides.py): which two sides a question compares, and evidence for a side the first
choice of sentences leaves without a figure.  The search is a small double here (retrieval is not the subject)."""

from __future__ import annotations

from rag.ask.evidence import Evidence
from rag.ask.question import Question
from rag.ask.sides import compared, each_side
from rag.types import Passage


def _q(text: str, names: tuple[str, ...] = ()) -> Question:
    return Question(asked=text, text=text, kind="compare", focus=text, names=names)


def _passage(text: str, article: str, title: str = "") -> Passage:
    return Passage("c-" + article, article, text, 0, len(text), 1.0, title, "Wire", "2023-11-03")


def _ev(p: Passage) -> Evidence:
    return Evidence(p, 0, len(p.text), p.text, 1.0, 1.0)


def test_the_sides_are_the_pair_after_a_comma_else_the_two_names_else_the_words_around_or():
    asked = "Which startup was Palo Alto Networks set to pay more for, Talon or Dig Security?"
    assert compared(_q(asked, ("Palo Alto Networks", "Talon", "Dig Security"))) == ("Talon", "Dig Security")
    assert compared(_q("who has more knockouts, anthony joshua or deontay wilder")) == ("anthony joshua", "deontay wilder")
    two = "Who threw for more yards in the game: Brock Purdy or Jalen Hurts?"
    assert compared(_q(two, ("Brock Purdy", "Jalen Hurts"))) == ("Brock Purdy", "Jalen Hurts")
    # "How did X compare with Y": the subject of "compare" and what it is compared with, however many names they hold
    valued = "How did Trump's own 2021 valuation of Mar-a-Lago compare with New York state's?"
    assert compared(_q(valued, ("Trump", "Mar-a-Lago", "New York"))) == (
        "Trump's own 2021 valuation of Mar-a-Lago",
        "New York state's",
    )
    passing = "How did Brock Purdy's passing compare with Jalen Hurts' when the 49ers beat the Eagles?"
    assert compared(_q(passing, ("Brock Purdy", "Jalen Hurts"))) == ("Brock Purdy's passing", "Jalen Hurts'")
    assert compared(_q("Whom did TechCrunch not compare with Warren Buffett?", ("Warren Buffett",)))[0].split()[-1] != "not"
    assert compared(_q("is ohtani's deal bigger than messi's contract")) == ("ohtani's deal bigger", "messi's contract")
    assert compared(_q("What did Palo Alto Networks pay for Talon?", ("Palo Alto Networks", "Talon"))) != ()
    assert compared(_q("What did Palo Alto Networks pay?")) == ()


def test_a_side_without_a_figure_is_searched_for_alone():
    asked = "Which startup was Palo Alto Networks set to pay more for, Talon or Dig Security?"
    q = _q(asked, ("Palo Alto Networks", "Talon", "Dig Security"))
    dig = _passage("Palo Alto Networks is acquiring Dig Security for an estimated $400 million.", "dig")
    talon_text = (
        "Palo Alto Networks was founded in 2005. It is looking at Talon Cyber Security, which makes an enterprise "
        "browser, for between $600 million and $700 million."
    )
    talon = _passage(talon_text, "talon")
    noise = _passage("Trade with Talon Island fell in 2022.", "noise")  # names the side, but no quantity
    asked_for: list[str] = []

    def search(text: str) -> list[Passage]:
        asked_for.append(text)
        return [noise, talon]

    out = each_side(q, [_ev(dig)], search)
    assert asked_for == ["Which startup was Palo Alto Networks set to pay more for, Talon or ?"]  # Talon's side alone
    assert [e.passage.article_id for e in out] == ["dig", "talon"]
    assert "$600 million" in out[1].text and "founded in 2005" not in out[1].text  # the sentence, not the passage
    assert talon_text[out[1].start : out[1].end] == out[1].text
    # Both sides already have a figure: nothing is searched.
    asked_for.clear()
    both = each_side(q, out, search)
    assert both == out and asked_for == []


def test_the_figures_settle_which_side_when_they_are_of_one_kind():
    from rag.ask.sides import by_figures

    asked = "Which was supposed to be cheaper, the ElectraMeccanica Solo or the Sono Sion?"
    q = _q(asked, ("ElectraMeccanica Solo", "Sono Sion"))
    solo = _passage("The ElectraMeccanica Solo had one seat, 100 miles of range and an $18,500 price tag.", "solo")
    sion = _passage("Sono priced the Sion at $25,000 and meant to start making it in 2023.", "sion")
    ev = [_ev(sion), _ev(solo)]
    weighed = by_figures(q, ev)
    assert weighed is not None and weighed.pick == "ElectraMeccanica Solo"  # money against money, not the 100 miles
    assert [(x.text, x.refs) for x in weighed.lines()] == [("ElectraMeccanica Solo: $18,500", (1,)), ("Sono Sion: $25,000", (0,))]
    dearer = by_figures(_q(asked.replace("cheaper", "pricier"), ("ElectraMeccanica Solo", "Sono Sion")), ev)
    assert dearer is not None and dearer.pick == "Sono Sion"
    assert by_figures(q, [_ev(sion)]) is None  # one side without a figure: the model decides
    assert by_figures(_q("Is the Solo cheaper than the Sion?"), ev) is None  # no names read: no sides to weigh
    same = _passage("The Solo cost $25,000 in Canada.", "solo2")
    assert by_figures(q, [_ev(sion), _ev(same)]) is None  # equal figures settle nothing
    talon = _passage("It is looking at Talon for between $600 million and $700 million; and Dig for $300 million.", "t")
    pay = by_figures(_q("Which was Palo Alto set to pay more for, Talon or Dig?", ("Talon", "Dig")), [_ev(talon)])
    assert pay is not None and pay.pick == "Talon"
    assert [x.text for x in pay.lines()] == ["Talon: between $600 million and $700 million", "Dig: $300 million"]
    # the sentence that gives one side's figure and names the other gives the other's: one report's two figures,
    # not another story's headline figure ("$400 million security acquisition")
    # (and the side is found where the sentence names it whole: "Dig Security", not the first "security")
    both = _passage(
        "It is looking at Talon, which makes a browser aimed at security teams, for between $600 million and $700"
        " million; and Dig Security for between $300 million and $400 million.",
        "t2",
    )
    other = _passage("Palo Alto to pay $400 million for Dig Security: a security acquisition Palo Alto is set to pay for.", "o")
    asked = "Which was Palo Alto set to pay more for, Talon or Dig Security?"
    one = by_figures(_q(asked, ("Talon", "Dig Security")), [_ev(other), _ev(both)])
    assert one is not None and one.pick == "Talon"
    assert [x.text for x in one.lines()] == [
        "Talon: between $600 million and $700 million",
        "Dig Security: between $300 million and $400 million",
    ]
    assert one.refs == [1]


def test_an_open_comparison_gives_both_figures_and_picks_no_side():
    """ "How did X compare with Y?" is answered by both figures, the other side read in the sentence that gives the
    first side's figure when it names it (a table of valuations names every property)."""
    from rag.ask.sides import by_figures

    asked = "How did Trump's own 2021 valuation of Mar-a-Lago compare with New York state's?"
    q = _q(asked, ("Trump", "Mar-a-Lago", "New York"))
    table = _passage(
        "Mar-a-Lago Trump's valuation (2021): $612.1 million, Bloomberg valuation (2023): $240 million, New York's "
        "valuation (2021): $27.6 million. The state of New York disputes Trump's own figures.",
        "a",
    )
    tower = _passage("40 Wall Street Trump's valuation: $664 million, and New York state's valuation: none.", "b")
    weighed = by_figures(q, [_ev(table), _ev(tower)])
    assert weighed is not None and weighed.pick == "$612.1 million against $27.6 million"
    assert [x.text for x in weighed.lines()] == [
        "Trump's own 2021 valuation of Mar-a-Lago: $612.1 million",
        "New York state's: $27.6 million",
    ]
    assert by_figures(q, [_ev(tower)]) is None  # one figure for both sides: nothing to set against each other
    # figures from two articles are not one comparison: a side in common words finds another story's figure
    expected = _q("How did the Everton penalty compare with what the club expected?", ("Everton",))
    penalty = _passage("Everton were given a 10-point penalty for breaching the financial rules.", "everton")
    crowd = _passage("The club has an average attendance of 4,365, and a crowd of 4,000 is expected on Sunday.", "swans")
    assert by_figures(expected, [_ev(penalty), _ev(crowd)]) is None


def test_a_yes_no_comparison_is_settled_by_figures_of_what_it_asks():
    from rag.ask.sides import by_figures

    def yn(text: str, names: tuple[str, ...]) -> Question:
        return Question(asked=text, text=text, kind="compare", focus=text, names=names)  # yes/no: it opens with "did"

    raised = _passage("Talon has raised around $143 million, and Dig has raised only around $45 million.", "t")
    more = by_figures(yn("Has Talon raised more money than Dig?", ("Talon", "Dig")), [_ev(raised)])
    assert more is not None and more.pick == "Yes"
    assert [x.text for x in more.lines()] == ["Talon: $143 million", "Dig: $45 million"]
    less = by_figures(yn("Did Dig raise more money than Talon?", ("Dig", "Talon")), [_ev(raised)])
    assert less is not None and less.pick == "No"
    # what it raised is not what Palo Alto pays: no figure of the price, so the figures settle nothing
    assert (
        by_figures(yn("Did Palo Alto agree to buy Talon for more than Dig?", ("Palo Alto", "Talon", "Dig")), [_ev(raised)])
        is None
    )
    price = _passage("Palo Alto is set to buy Talon for $650 million and Dig for $350 million, sources say.", "p")
    paid = by_figures(
        yn("Did Palo Alto agree to buy Talon for more than Dig?", ("Palo Alto", "Talon", "Dig")), [_ev(raised), _ev(price)]
    )
    assert paid is not None and paid.pick == "Yes" and [x.refs for x in paid.lines()] == [(1,), (1,)]


def test_a_side_set_against_its_opponent_is_found_in_a_report_of_a_win_over_them():
    """ "Nico Collins against the Broncos": a report says "a win over the Broncos", not "against"."""
    asked = "who had more receiving yards, tyreek hill against the commanders or nico collins against the broncos"
    q = _q(asked, ("Tyreek Hill", "Commanders", "Nico Collins", "Broncos"))
    hill = _passage("Tyreek Hill had 157 yards receiving to help the Dolphins rout the Washington Commanders.", "hill")
    collins = _passage("Nico Collins had a career-high 191 yards receiving to help the Texans to a win over the Broncos.", "nc")
    searched: list[str] = []

    def search(text: str) -> list[Passage]:
        searched.append(text)
        return [collins]

    out = each_side(q, [_ev(hill), _ev(collins)], search)
    assert searched == [] and len(out) == 2  # each side already has its figure
