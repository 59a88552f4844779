"""A list question answered from the article's layout (rag/ask/listing.py): round-up entries, per-team lines and
section headings, each item cited to its own line."""

from __future__ import annotations

from rag.ask.answer import Clock
from rag.ask.cite import Draft
from rag.ask.evidence import Evidence
from rag.ask.listing import entries, laid_out
from rag.ask.prose import write
from rag.ask.question import analyse
from rag.types import Passage

BODY = "It was a busy demo day for the accelerator, which picked its smallest cohort yet from over a thousand applicants."

COHORT = "\n\n".join(
    [
        "Meet the accelerator's latest cohort",
        BODY,
        "Company name: Kravata",
        "Kravata builds payment rails for Latin American businesses that want to settle in stablecoins.",
        "Company name: Sleepagotchi",
        "Sleepagotchi rewards people for keeping a regular sleep schedule with a game on their phone.",
        "Company name: Blockcast",
        "Blockcast wants to make video streaming cheaper by caching content on people's own devices.",
    ]
)

FIGHTS = "\n".join(
    [
        "Showtime Boxing's five greatest fights, revisited by our writer after the network's closure this week.",
        "Marvelous Marvin Hagler vs. John Mugabi",
        "Date: March 10, 1986",
        "Roberto Duran vs. Iran Barkley",
        "Date: February 24, 1989",
        "Mike Tyson vs. Evander Holyfield 1",
        "Date: November 9, 1996",
    ]
)

TEAMS = "\n\n".join(
    [
        "DALLAS COWBOYS | Cornerback Trevon Diggs: In September, Diggs suffered a season-ending ACL injury.",
        "CHICAGO BEARS | Head coach Matt Eberflus: The Bears have only one division win during his tenure.",
        "NEW ORLEANS SAINTS | Head coach Dennis Allen: New Orleans' 5-6 record against an easy schedule is bad.",
        "ATLANTA FALCONS | Quarterback Desmond Ridder: Ridder's two interceptions were another reminder.",
        "TAMPA BAY BUCCANEERS | Head coach Todd Bowles: At 4-7, the Bucs are fading fast in the division.",
        "LOS ANGELES RAMS | Wide receiver Cooper Kupp: Age and injuries have hurt his production this year.",
        "SEATTLE SEAHAWKS | Quarterback Geno Smith: He has taken a significant step back this season.",
    ]
)

HEADLINES = "\n\n".join(
    [
        "Starting With The Los Angeles Angels",
        "The Angels parted ways with their manager after another losing season in Anaheim this autumn.",
        "Moving On To The Houston Astros",
        "Dusty Baker retired after the Astros lost in the championship series to the Texas Rangers.",
        "Next Up Is Cleveland Guardians",
        "Terry Francona stepped away from the Guardians after eleven seasons in charge of the club.",
    ]
)


def test_labelled_entries_are_the_items_and_the_heading_above_a_field_names_its_entry():
    assert [e.text for e in entries(COHORT)] == ["Kravata", "Sleepagotchi", "Blockcast"]
    fights = [e.text for e in entries(FIGHTS)]
    assert fights == [
        "Marvelous Marvin Hagler vs. John Mugabi",
        "Roberto Duran vs. Iran Barkley",
        "Mike Tyson vs. Evander Holyfield 1",
    ]
    for e in entries(COHORT):  # each item is cited to its own line
        assert COHORT[e.start : e.end].endswith(e.text)


def test_the_question_words_pick_entries_and_a_layout_the_question_does_not_ask_for_is_not_used():
    coaches = laid_out("which nfc head coaches are on the hot seat", "Hottest seat on each NFC team", TEAMS)
    assert [e.text for e in coaches] == [
        "Head coach Matt Eberflus (Chicago Bears)",
        "Head coach Dennis Allen (New Orleans Saints)",
        "Head coach Todd Bowles (Tampa Bay Buccaneers)",
    ]
    assert laid_out("name the startups in the cohort", "Meet the cohort", COHORT)  # "Company name: ..." and "name"
    assert not laid_out("which investors backed the cohort", "Meet the cohort", COHORT)  # not the list asked for
    assert laid_out("what are the three greatest fights", "Greatest fights", FIGHTS)  # as many as the question says
    assert entries(HEADLINES) == []  # headline-style sentences name no items


def test_a_list_question_is_told_from_the_layout_with_each_item_cited_to_its_line():
    p = Passage(
        "c1", "a1", COHORT[:200], 0, 200, 1.0, "Meet the accelerator's latest cohort", "TechCrunch", "2023-11-30", "", "x.txt"
    )
    ev = [Evidence(p, 0, 36, COHORT[:36], 1.0, 1.0)]
    q = analyse("Name the startups in the accelerator's latest cohort")
    assert q.kind == "list"
    steps = list(write(q, ev, None, [], Clock(0.0), 120, lambda a: COHORT if a == "a1" else None))
    draft = steps[-1]
    assert isinstance(draft, Draft)
    assert [x.text for x in draft.lines] == ["Kravata", "Sleepagotchi", "Blockcast"]
    for line in draft.lines:
        cited = draft.evidence[line.refs[0]]
        assert COHORT[cited.start : cited.end] == f"Company name: {line.text}" == cited.text


def test_two_headings_that_share_a_word_with_the_question_are_not_its_list():
    """ "Which players were missing through injury against Germany?" is not answered by a match guide's headings
    "Breaking down the Germany squad" and "All players in the national team pool"; three picked would be."""
    para = " ".join(["The coach named a young side for the two friendlies in October, with several regulars out."] * 2)
    heads = ["Breaking down the Germany squad", "All players in the national team pool", "Kickoff time and venue"]
    guide = "\n\n".join(f"{h}\n\n{para}" for h in [*heads, "How to watch on television"])
    assert len(entries(guide)) == 4
    assert laid_out("which players were missing through injury against germany", "Match guide", guide) == []
    three = "which players missed the germany game at the venue"
    assert [e.text for e in laid_out(three, "Match guide", guide)] == heads


def test_the_names_a_question_is_about_do_not_pick_a_layouts_entries():
    """ "Which teams could Alabama need to lose to make the playoff?" was answered with the three headings naming
    Alabama ("Alabama strength of schedule"); the subject's name says what the question is about, not which entries
    it asks for, and with it left out nothing picks three: the model writes the list from the evidence."""
    para = " ".join(["The committee will weigh every result of the final weekend before it picks the four teams."] * 2)
    heads = [
        "Two Alabama College Football Playoff debates",
        "Alabama strength of schedule",
        "Alabama strength of record",
        "Washington beats Oregon in Pac-12 championship",
        "Oklahoma State beats Texas in Big 12 championship",
        "Iowa beats Michigan in Big Ten championship",
        "Louisville beats Florida State in ACC championship",
    ]
    page = "\n\n".join(f"{h}\n\n{para}" for h in heads)
    question = "Which teams could Alabama need to lose to make the playoff?"
    assert len(entries(page)) == 7
    assert [e.text for e in laid_out(question, "Can Alabama make the playoff?", page)] == heads[:3]  # the name picks
    assert laid_out(question, "Can Alabama make the playoff?", page, ["Alabama"]) == []


def test_numbered_headings_of_names_are_the_list_whatever_the_title_counts():
    """Autosport's "Top 50" snubs were told as "1. Chris Buescher", "2. Denny Hamlin", ... with an advertising line
    under the first heading; the title's 50 is not the list's length.  A countdown with a tie ("2*.") is one run;
    numbered section headings that are not names ("A 50-over ODI Cricket World Cup") are not a list of names."""
    para = "He had his best season yet, with three wins and a run deep into the playoffs before a late exit."
    snubs = "\n\n".join(
        [
            "Autosport has revealed its annual list of the Top 50 drivers, and several stars are missing from it.",
            "1. Chris Buescher",
            "ADVERTISEMENT Article continues below this ad",
            para,
            "2. Denny Hamlin",
            para,
            "3. Christopher Bell",
            para,
        ]
    )
    question = "Which NASCAR drivers were snubbed from the Top 50?"
    found = laid_out(question, "Major NASCAR snubs as Autosport releases its Top 50", snubs)
    assert [e.text for e in found] == ["Chris Buescher", "Denny Hamlin", "Christopher Bell"]
    assert snubs[found[1].start : found[1].end] == "2. Denny Hamlin"  # cited to its own line
    scorers = "\n".join(
        [
            "4. Erling Haaland (Norway) - 50 goals",
            "2*. Kylian Mbappe (France) - 52 goals",
            para,
            "2*. Harry Kane (England) - 52 goals",
            "1. Cristiano Ronaldo (Portugal) - 53 goals",
        ]
    )
    assert [e.text.split(" (")[0] for e in entries(scorers)] == [
        "Erling Haaland",
        "Kylian Mbappe",
        "Harry Kane",
        "Cristiano Ronaldo",
    ]
    sections = "\n\n".join(
        ["1. ODI World Cup winners and finals", para, "2. A 50-over tournament", para, "3. The 1999 World Cup and a gap", para]
    )
    assert len(entries(sections)) == 3
    assert laid_out("which countries have won the world cup", "History of the World Cup", sections) == []


def test_a_field_under_each_entrys_paragraphs_is_not_the_entry_and_book_is_books():
    """Polygon's field guide heads each author ("Bram Stoker") over "Best-known vampire book: Dracula (1897)" (or
    "books:") and ends each with "Verdict: Vampire": the entries are the authors, not the six verdicts."""
    para = "Scholars have long debated the author's habits, which kept them out of daylight for most of their career."
    authors = [
        ("John Polidori", "book", "The Vampyre"),
        ("Bram Stoker", "book", "Dracula"),
        ("Anne Rice", "books", "The Vampire Chronicles"),
        ("Laurell K. Hamilton", "books", "Anita Blake"),
    ]
    guide = "\n".join(f"{a}\nBest-known vampire {b}: {w}\n{para}\nVerdict: Not a vampire" for a, b, w in authors)
    guide += "\nTaika Waititi\nBest-known vampire work: What We Do in the Shadows\n" + para + "\nVerdict: Dracula"
    question = "What authors are in the field guide to vampire authors?"
    assert [e.text for e in laid_out(question, "A field guide to the vampire authors", guide)] == [a for a, _, _ in authors]
