"""Question analysis on plain questions of every kind: imperatives, lower case, hyphenated names, follow-ups."""

import pytest

from rag.ask.question import analyse, split_joined, time_scope

OUTLETS = ["TechCrunch", "The Verge", "Sky News", "The Guardian", "Fortune"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who scored for Arsenal in Sevilla?", "fact"),
        ("How is the Australian sharemarket expected to open today?", "explain"),  # what is expected, not who says
        ("when does the new iphone feature launch", "fact"),
        ("How many Islamic State prisoners did US forces move from Syria to Iraq?", "count"),
        ("What was the final score of the Chiefs game?", "count"),
        ("Did Everton get a points deduction?", "yesno"),
        ("is spotify cutting podcast staff", "yesno"),
        ("I heard the winners leaked early - how?", "explain"),  # a statement, then only "how?"
        ("and how did the stock react?", "explain"),  # a move of the market, not someone's words
        ("Everton got a 10-point penalty, why?", "explain"),
        ("Why are the Islamic State prisoners being moved to Iraq?", "explain"),
        ("What happened to Everton and why?", "explain"),
        ("How could the Israel-Hamas conflict affect markets?", "explain"),
        ("what led to the strike at the plant", "explain"),
        ("What did BofA say about the housing market?", "said"),
        ("what has Jensen Huang said about AI chips", "said"),
        ("What did the BofA report say about home prices?", "summary"),  # a report's account, not one fact
        ("what does the verge article say about spotify", "summary"),
        ("Summarize what the articles say about Taylor Swift and Travis Kelce.", "summary"),
        ("Recap the Sam Bankman-Fried trial", "summary"),
        ("outline the Everton penalty story", "summary"),
        ("Tell me about the Cybertruck launch", "summary"),
        ("give me the gist of the OpenAI board fight", "summary"),
        ("Lay out the Everton case", "summary"),  # phrasal requests: lay out, bring up to speed, talk through
        ("bring me up to speed on the Spotify layoffs", "summary"),
        ("Lay out why Everton were docked points", "explain"),
        ("talk me through why the Fed paused rates", "explain"),
        ("what's the story with the EBT-101 trial", "summary"),
        ("Give me a timeline of Taylor Swift's appearances at NFL games.", "timeline"),
        ("How did the Sam Altman saga unfold?", "timeline"),
        ("what happened, in order, at OpenAI in November", "timeline"),
        ("In what order did the Michigan sign-stealing events happen?", "timeline"),
        ("Sum up the Bankman-Fried trial so far", "summary"),  # a summary of it to date, not its events in order
        # polite and indirect wordings ask what they wrap (rag/ask/polite.py)
        ("Can you explain why Meta is charging for ad-free Facebook in Europe?", "explain"),
        ("Could you give me a quick overview of the Hipgnosis vote?", "summary"),
        ("I'd like a summary of the COP28 outcome.", "summary"),
        ("Do you know who scored for Arsenal in Sevilla?", "fact"),
        ("Any news on the Masimo case?", "summary"),
        ("What do we know about the dog respiratory illness?", "summary"),
        ("Would you say the Chiefs are favourites?", "yesno"),  # not a request: a yes/no question
        ("Can Apple avoid the import ban?", "yesno"),
        ("What's the significance of the Binance settlement?", "explain"),
        # a request that embeds a question, or asks for a figure or a name, asks that, not for an account
        ("Tell me who won the Arizona-Utah game.", "fact"),
        ("Tell me when the FTX trial started.", "fact"),
        ("Show me how much Palo Alto paid for Talon.", "count"),
        ("Give me the score of the Arizona-Utah game.", "count"),
        ("Tell me whether Flipboard joined the fediverse.", "yesno"),
        ("Tell me what Dyche said about the penalty.", "said"),
        ("Tell me what happened at COP28.", "summary"),
        ("Give me the gist of the OpenAI fight.", "summary"),
        ("Tell me about the Cybertruck launch.", "summary"),
        ("Can someone explain why Everton were docked points?", "explain"),
        # a topic typed as into a search box: an account of it, or the figure or reason it names
        ("everton points deduction", "summary"),
        ("Everton", "summary"),
        ("arizona utah score", "count"),
        ("price of the echo pop kids speaker", "count"),
        ("reasons for everton penalty", "explain"),
        ("dyche reaction to penalty", "summary"),  # names a reaction, not the penalty's figure
        ("Chronicle Taylor Swift's appearances at Chiefs games.", "timeline"),
        ("Give me the key dates in the Michigan scandal.", "timeline"),
        ("Give me the date of the FTX verdict.", "fact"),
        ("How's Coinbase doing after the Binance settlement?", "explain"),  # as "How is Coinbase doing ...?"
        ("I need to know who won the Arizona-Utah game.", "fact"),
        ("Just curious, how much did Palo Alto pay for Talon?", "count"),
        ("Let me know who scored for Arsenal in Sevilla.", "fact"),
        ("Recap the Everton case so far", "summary"),
        ("Tell me what has happened in the Everton case so far", "timeline"),
        ("Compare Nvidia's revenue with AMD's", "compare"),
        ("which grew faster, Uber or Lyft?", "compare"),
        ("is ohtani's dodgers deal bigger than messi's barcelona contract", "compare"),
        ("tesla gross margin q3 2023 vs a year earlier", "compare"),
        # two names set against each other name a game: what is asked about it decides
        ("What was the final score of Man United vs Chelsea?", "count"),
        ("Who should I start in the Patriots vs Steelers DFS lineup?", "fact"),
        ("List the companies Palo Alto wants to buy", "list"),
        ("which teams were looking for a new manager", "list"),
        ("What are the warning signs of food addiction?", "list"),
        ("what fights did Sporting News pick as Showtime Boxing's greatest", "list"),  # the tagger reads "fights" as a verb
        ("What could the Israel-Hamas war mean for oil prices?", "summary"),  # a thing's meaning, not someone's words
        ("What did Powell mean by that?", "said"),
        # a cause or a saying in a clause that describes the asked thing does not set the kind
        ("What is the name of the bacterium researchers think is causing the dog illness?", "fact"),
        ("Who is the chief executive who said the deal was off?", "fact"),
        # nor in a condition: the EU's confirming is not words asked for; Dyche's saying is
        ("What's the maximum fine X could face if the EU confirms it broke the Digital Services Act?", "count"),
        ("What did Dyche say he would do if the appeal fails?", "said"),
        ("What is the impact of the strike that caused the shutdown?", "explain"),
        ("What caused the outage?", "explain"),
        # a question after a leading phrase, which the parser reads as a relative clause
        ("According to the club's chairman, what caused the slump in ticket sales?", "explain"),
        ("In the Oxford sleep study, how long did the volunteers nap each day?", "count"),
        # a leading clause of time says when, not what is asked ("announced" does not ask for someone's words)
        ("When Meta announced its ad-free plan in October, what prices did it give?", "count"),
        ("When did Meta announce its ad-free plan, which costs more on phones?", "fact"),
        # a name is asked for, not someone's words
        ("Who cancelled their talks over Elon Musk's comments on the strike?", "fact"),
        # a thing is asked for, though the parser splits the question in two ("Which ... did | Gellar call out ...")
        ("Which gaming platform did Sarah Michelle Gellar call out after her son's account was hacked?", "fact"),
        ("Which Apple executive testified in the antitrust trial, and what did he argue?", "said"),
        ("Mortgage rates, autumn 2023 - what happened at the Fed meeting?", "summary"),
        ("What did the city council decide about the stadium?", "summary"),  # an account of a decision
        ("What is the Swans craft beer and cheese box about?", "summary"),  # not a fact the box's name answers
        ("What did the negotiators agree on emissions?", "summary"),
        ("In Saturday's derby, which side had more total shots?", "fact"),  # asks for a side, not an amount
        ("what went wrong for the airline's new booking system", "explain"),
        # which outlets covered a story (rag.news.coverage), unless it names the outlets it asks between
        ("Which outlets covered the Everton points deduction?", "coverage"),
        ("what other news sites have written about the stadium vote", "coverage"),
        ("Which papers ran stories on the Palo Alto deal?", "coverage"),
        ("Which news source reported on the transfer, TechCrunch or The Verge?", "fact"),
        ("Which company did the outlets say Palo Alto bought?", "fact"),
        ("Who reported the Palo Alto deal first?", "coverage"),  # the earliest outlet heads the list
        ("Which outlet broke the news of the Talon deal?", "coverage"),
        ("Who broke the record?", "fact"),
    ],
)
def test_the_kind_is_read_from_the_frame(question: str, kind: str):
    assert analyse(question, (), OUTLETS, "2023").kind == kind


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Summarize what the articles say about Taylor Swift and Travis Kelce.", ["Taylor Swift", "Travis Kelce"]),
        ("Give me a timeline of Taylor Swift's appearances at NFL games.", ["Taylor Swift", "NFL"]),
        ("Explain why Everton were docked points", ["Everton"]),
        ("List the companies Palo Alto wants to buy", ["Palo Alto"]),
        ("Tell me about the Cybertruck launch", ["Cybertruck"]),
        ("What was the score of the Arizona-Utah game?", ["Arizona", "Utah"]),
        ("What did Sam Bankman-Fried tell the jury?", ["Sam Bankman-Fried"]),
        ("What is Spotify changing about podcasts?", ["Spotify"]),
        ("how many prisoners were moved from syria to iraq?", []),
        ("So what's the whole company valued at?", []),  # an opening adverb is not a name
        ("What were Tesla's gross margin and profit in Q3 2023?", ["Tesla"]),  # a quarter is a time
        ("How much does the new iPhone cost?", []),  # not "Phone"
        ("Who kicked the winning field goal when the Bears beat the Vikings 12-10?", ["Bears", "Vikings"]),  # a score
        ("What did Will Smith say about the Oscars?", ["Will Smith", "Oscars"]),  # "Will" opens questions only
        ("Will Apple ship the Vision Pro in 2024?", ["Apple", "Vision Pro"]),
        ("Who won the 2023/24 Carabao Cup?", ["Carabao Cup"]),  # a season is a time, not part of the name
        ("Notre Dame vs USC 2023: which team gained more yards?", ["Notre Dame", "USC"]),  # so is a year after it
        ("Why'd Everton get docked points?", ["Everton"]),  # a question word's contraction is no name
        ("I'd like a summary of the COP28 outcome.", ["COP28"]),
    ],
)
def test_request_words_are_never_names_and_joined_names_are_split(question: str, names: list[str]):
    assert list(analyse(question, (), OUTLETS, "2023").names) == names


def test_the_focus_leaves_out_how_the_question_asks():
    q = analyse("Summarize what the articles say about Taylor Swift and Travis Kelce.", (), OUTLETS, "2023")
    assert q.focus == "Taylor Swift Travis Kelce" and q.search == q.focus
    q = analyse("Give me a timeline of Taylor Swift's appearances at NFL games.", (), OUTLETS, "2023")
    assert "timeline" not in q.focus.lower() and "Swift" in q.focus and "appearances" in q.focus
    assert q.search == q.focus + " timeline"  # searched with the word, which finds the outlets' own timelines
    q = analyse("What happened to Everton and why?", (), OUTLETS, "2023")
    assert q.focus == "Everton"
    # words for news coverage are the subject when the question asks about them, not how it asks
    q = analyse("What did Billie Jean King say about media coverage of women's sports?", (), OUTLETS, "2023")
    assert "media coverage" in q.focus and "sports" in q.focus
    q = analyse("What does the coverage say about the Everton penalty?", (), OUTLETS, "2023")
    assert "coverage" not in q.focus and "Everton" in q.focus
    fact = analyse("Who scored for Arsenal in Sevilla?", (), OUTLETS, "2023")
    assert fact.search == fact.text  # a one-line question is searched as asked
    # the words asking for events in order, or for a reason, are not what it is about
    q = analyse("How did FTX get from being founded to SBF's trial? give me the sequence", (), OUTLETS, "2023")
    assert q.kind == "timeline" and "sequence" not in q.focus and "FTX" in q.focus
    q = analyse("Dean Evason coaching career in chronological order", (), OUTLETS, "2023")
    assert q.kind == "timeline" and q.focus == "Dean Evason coaching career"
    q = analyse("Give me a rundown of the Kelce and Swift romance, step by step.", (), OUTLETS, "2023")
    assert q.kind == "timeline" and "step" not in q.focus and "romance" in q.focus
    q = analyse("What's going on with Kick and its streamers?", (), OUTLETS, "2023")
    assert q.focus == "Kick streamers"
    q = analyse("Chronicle Taylor Swift's appearances at Chiefs games.", (), OUTLETS, "2023")
    assert q.names == ("Taylor Swift", "Chiefs")  # the request's verb is no name
    q = analyse("How come Inter Miami missed the playoffs?", (), OUTLETS, "2023")
    assert q.kind == "explain" and q.focus == "Inter Miami missed playoffs"


def test_a_said_question_knows_whose_words_it_asks_for():
    assert analyse("What did BofA say about the housing market?", (), OUTLETS, "2023").speaker == "BofA"
    assert analyse("what did gary wang testify about alameda", (), OUTLETS, "2023").kind in ("said", "fact")
    role = analyse("What did Everton's manager say about the points deduction?", (), OUTLETS, "2023")
    assert role.kind == "said" and role.speaker == "Everton's manager"  # a role speaks too
    assert analyse("What did the article say about Apple?", (), OUTLETS, "2023").kind != "said"
    # a name typed in lower case, which the tagger reads as a verb and an adjective
    typed = analyse("what does alexis ohanian think of community notes on X", (), OUTLETS, "2023")
    assert typed.kind == "said" and typed.speaker == "alexis ohanian"
    assert analyse("what did the report say about sales", (), OUTLETS, "2023").kind != "said"
    # the person a role belongs to, when the question names them
    named = analyse("What did NAR chief economist Lawrence Yun say about home sales?", (), OUTLETS, "2023")
    assert named.kind == "said" and named.speaker == "Lawrence Yun"
    # the whole name, with its particles, not the word the parse makes the subject ("Erik", "Hag", "der Leyen")
    for name in ("Erik ten Hag", "Ten Hag", "Ursula von der Leyen"):
        asked = analyse(f"What did {name} say about the defeat?", (), OUTLETS, "2023")
        assert asked.speaker == name and name in asked.names
    # the reason is what they spoke about: their words are asked for, not the article's explanation
    told = analyse("What did OpenAI COO Brad Lightcap tell staff about why Sam Altman was fired?", (), OUTLETS, "2023")
    assert told.kind == "said" and told.speaker.endswith("Brad Lightcap")
    assert analyse("Why did Musk say he would sue?", (), OUTLETS, "2023").kind == "explain"
    # the parser reads "Check" as the subject of "What"; the words between "did" and "say" are whose
    assert analyse("What did Check Point's CEO say about the year ahead?", (), OUTLETS, "2023").speaker == "Check Point's CEO"
    # never a long stretch of a question that only has "has been described" in it
    long = "Who is the individual that has been described by TechCrunch as both backing a teen's AI startup and ousted as CEO?"
    assert analyse(long, (), OUTLETS, "2023").kind != "said"
    # a follow-up's "he" is the earlier question's speaker, and the subject is the new one
    he = analyse("And what did he say about Taylor Swift?", ["What did Travis Kelce say about his old tweets?"], OUTLETS, "2023")
    assert he.kind == "said" and he.speaker == "Travis Kelce" and "tweets" not in he.focus


def test_a_follow_up_is_made_standalone_and_keeps_its_own_kind():
    q = analyse("and why?", ["What happened to Everton?"], OUTLETS, "2023")
    assert q.followup and q.kind == "explain" and "Everton" in q.text and "Everton" in q.focus
    q = analyse("How much did it cost?", ["Who bought Talon Cyber Security?"], OUTLETS, "2023")
    assert q.followup and q.kind == "count" and "Talon" in q.text
    alone = analyse("Who scored for Arsenal in Sevilla?", ["What happened to Everton?"], OUTLETS, "2023")
    assert not alone.followup and alone.text == "Who scored for Arsenal in Sevilla?"


def test_outlets_and_days_are_read():
    q = analyse("What did TechCrunch report on October 7, 2023 about Flexport?", (), OUTLETS, "2023")
    assert q.outlets == ("TechCrunch",) and q.days == ("2023-10-07",) and "Flexport" in q.names
    q = analyse("What did the Bloomberg article say about Flexport?", (), OUTLETS, "2023")
    assert q.unknown_outlets == ("Bloomberg",)


@pytest.mark.parametrize(
    ("question", "scope"),
    [
        ("What did the articles say about Nvidia in October 2023?", ("2023-10-01", "2023-10-31")),
        ("what happened at OpenAI in the last week of November", ("2023-11-24", "2023-11-30")),
        ("How were coaches reacting in early November 2023", ("2023-11-01", "2023-11-10")),
        ("news about Everton since November 20", ("2023-11-20", "")),
        ("What did Apple announce before October?", ("", "2023-09-30")),
        ("What was the score on December 3, 2023?", ("2023-12-03", "2023-12-03")),
        ("Who won the award in 2021?", ("2021-01-01", "2021-12-31")),
        ("Did may the markets rally?", ("", "")),
        # a company's period is not when the articles were published (reported after it; a fiscal year may start early)
        ("why did the retailer's margin slip in its fiscal first quarter of 2024", ("", "")),
        ("What were the chipmaker's sales in the fourth quarter of 2023?", ("", "")),
        ("What did the articles say about Nvidia?", ("", "")),
    ],
)
def test_time_scopes(question: str, scope: tuple[str, str]):
    assert time_scope(question, "2023")[:2] == scope


def test_split_joined():
    assert split_joined(["Arizona-Utah", "Israel/Hamas", "Sam Bankman-Fried"]) == [
        "Arizona",
        "Utah",
        "Israel",
        "Hamas",
        "Sam Bankman-Fried",
    ]


@pytest.mark.parametrize(
    ("earlier", "asked", "standalone", "kind"),
    [
        ("How much is Palo Alto paying for Dig Security?", "And for Talon?", "How much is Palo Alto paying for Talon?", "count"),
        ("How much did Apple shares fall on Tuesday?", "And Nvidia?", "How much did Nvidia shares fall on Tuesday?", "count"),
        ("Who won the Ballon d'Or in 2023?", "and in 2022?", "Who won the Ballon d'Or in 2022?", "fact"),
        # a thing in lower case swaps the lower-case word after the same preposition
        (
            "What could the Suez blockage mean for oil prices?",
            "And for wheat?",
            "What could the Suez blockage mean for wheat prices?",
            "summary",
        ),
    ],
)
def test_a_bare_follow_up_swaps_one_thing_into_the_earlier_question(earlier, asked, standalone, kind):
    q = analyse(asked, [earlier], OUTLETS, "2023")
    assert q.followup and q.text == standalone and q.kind == kind
    swapped_out = {"Dig Security", "Apple"} & set(q.names)
    assert not swapped_out  # the earlier thing is no longer a name the answer must be about
    if "2022" in asked:
        assert q.years == ("2022",)


def test_a_follow_up_with_nothing_to_swap_keeps_the_conversation():
    q = analyse("And for the ASX?", ["What drove Wall Street on Friday?"], OUTLETS, "2023")
    assert q.text == "And for the ASX? (follow-up to: What drove Wall Street on Friday?)"  # no "for" to swap after


def test_names_typed_in_lower_case_are_spelled_as_the_articles_spell_them() -> None:
    from rag.index.casing import Casing

    casing = Casing.from_texts(
        [
            "Analysts at Mizuho raised their target on Coinbase after the Binance deal, and Coinbase rose.",
            "Mizuho said Coinbase could gain. Binance agreed to pay, and Mizuho kept its rating on Coinbase.",
            "The Binance settlement was reached on Tuesday, and the World Series began with the world watching.",
            "In the series, the world champions from Binance and Mizuho met the world.",
            "Its rival, Trade Republic, won a licence, and Trade Republic grew while Trade Republic hired.",
            "The trade deal was signed, and the republic voted.",
        ]
    )
    # Two common words the articles write together as a name nearly every time are that name.
    assert casing("which is valued higher, trade republic's app or binance?") == (
        "which is valued higher, Trade Republic's app or Binance?"
    )
    assert casing("did the trade deal pass") == "did the trade deal pass"
    assert casing("did mizuho upgrade coinbase after the binance settlement") == (
        "did Mizuho upgrade Coinbase after the Binance settlement"
    )
    assert casing("what is binance's fine?") == "what is Binance's fine?"  # as typed, apostrophe and all
    assert casing("who won the world series") == "who won the world series"  # the articles also write these lower case
    assert casing("Did mizuho upgrade Coinbase?") == "Did mizuho upgrade Coinbase?"  # capitals of its own: as typed
    q = analyse("did mizuho upgrade coinbase after the binance settlement", (), OUTLETS, "2023", casing=casing)
    assert q.kind == "yesno" and set(q.names) == {"Mizuho", "Coinbase", "Binance"}
    assert q.asked == "did mizuho upgrade coinbase after the binance settlement"


@pytest.mark.parametrize(
    ("earlier", "asked"),
    [
        ("What revenue and net income did Uber report for Q3 2023?", "What were analysts expecting?"),
        ("What did the new JAMA study say about using cannabis while pregnant?", "How big was the study?"),
        ("What was the most downloaded free iPhone app in the US in 2023?", "where did TikTok end up on that list?"),
        ("How much is SoftBank paying for its stake in Cubic Telecom?", "Who will run Cubic Telecom after the deal?"),
    ],
)
def test_a_follow_up_without_a_pronoun_still_leans_on_the_conversation(earlier: str, asked: str) -> None:
    """It names nothing in a few words, points back ("that list") or names the earlier question's subject."""
    q = analyse(asked, [earlier], OUTLETS, "2023")
    assert q.followup and q.text == f"{asked} (follow-up to: {earlier})"


def test_a_new_subject_in_a_conversation_starts_afresh() -> None:
    for asked in ("Who won the 2023 Nobel Prize in chemistry?", "What did BofA say about the housing market?"):
        q = analyse(asked, ["What revenue and net income did Uber report for Q3 2023?"], OUTLETS, "2023")
        assert not q.followup and q.text == asked


@pytest.mark.parametrize(
    ("asked", "kind"),
    [
        ("how did FTX get from being founded to SBF's trial? give me the sequence", "timeline"),
        ("Why is Check Point expecting a good year? walk me through it", "explain"),  # "it": the question's answer
        ("Is it true? List the reasons.", "list"),
        ("Why did Everton lose points? Tell me about it.", "explain"),  # a request for an account: the reason is asked
        ("Who scored? Thanks.", "fact"),
    ],
)
def test_a_request_after_the_question_says_the_form_of_the_answer(asked: str, kind: str) -> None:
    assert analyse(asked, (), OUTLETS, "2023").kind == kind


def test_a_name_asked_for_in_other_words_is_a_name() -> None:
    from rag.ask.constraints import wants

    for asked in ("What is the name of the bacterium?", "What was the new company called?", "What are the names of the winners?"):
        assert wants(asked, "fact") == "name", asked
    assert wants("What is the so-called Magnificent Seven?", "fact") == ""


@pytest.mark.parametrize(
    ("question", "past"),
    [
        ("How many Islamic State prisoners were moved to Iraq?", True),  # "State" with its capital is a name
        ("Who won the Ohio State game?", True),
        ("What did the report state was the cause?", False),  # what was said, not what happened
        ("How many prisoners could be moved to Iraq?", False),
    ],
)
def test_a_question_about_what_happened_is_read_as_such(question: str, past: bool):
    assert analyse(question).past is past


def test_a_polite_wording_is_read_for_the_question_it_wraps_and_kept_as_asked():
    from rag.ask.polite import unwrapped

    q = analyse("Can you please explain why Everton were docked points?", (), OUTLETS, "2023")
    assert q.kind == "explain" and q.focus == "Everton docked points" and "Can" not in q.names
    assert q.asked == "Can you please explain why Everton were docked points?"  # shown as the user typed it
    assert unwrapped("I'd like a summary of the COP28 outcome.") == "Give me a summary of the COP28 outcome."
    assert unwrapped("Do you know who won the Arizona-Utah game?") == "Who won the Arizona-Utah game?"
    assert unwrapped("Would you say the deal is good?") == "Would you say the deal is good?"  # no request verb
    assert unwrapped("Who scored?") == "Who scored?"
    assert unwrapped("Quick question: who won the Arizona-Utah game?") == "Who won the Arizona-Utah game?"
    q = analyse("Quick question: who won the Arizona-Utah game?", (), OUTLETS, "2023")
    assert q.names == ("Arizona", "Utah") and q.focus == "won Arizona Utah game"  # the aside is neither


def test_a_follow_up_that_asks_its_own_question_is_not_a_bare_one():
    """ "and when did it happen?" after "Why did Everton get a points deduction?" asks for a date, not another
    explanation; "And why?" after an explanation asks for one."""
    earlier = ["Why did Everton get a points deduction?"]
    assert analyse("and when did it happen?", earlier, OUTLETS, "2023").kind == "fact"
    assert analyse("And for Talon?", ["Summarize the Palo Alto deal for Dig"], OUTLETS, "2023").kind == "summary"
