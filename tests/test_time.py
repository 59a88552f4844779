"""Time in questions: relative scopes ("last week") and "latest" questions, reckoned from a reference date.

The index here is three short reports of one story that changes over time (real Chroma, the real embedding
model, the extractive answerer: the subject is which reports are read, not how the model writes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rag import Assistant, BylineError
from rag.ask.question import analyse
from rag.ask.timescope import relative_scope, time_scope
from rag.ask.timewords import asks_latest

REPORTS = {
    "halvard-names-ceo.txt": (
        "Halvard Robotics names Ingrid Solberg chief executive",
        "Nordic Wire",
        "2023-11-01",
        "Halvard Robotics named Ingrid Solberg as its chief executive on Wednesday. "
        "Solberg was previously the warehouse robot maker's head of operations. "
        "The company said Solberg will lead its expansion into Germany.",
    ),
    "halvard-ceo-out.txt": (
        "Halvard Robotics replaces chief executive Solberg with Marcus Lind",
        "Oslo Business Daily",
        "2023-12-04",
        "Halvard Robotics has replaced chief executive Ingrid Solberg with Marcus Lind, the company said on Monday. "
        "Lind, a former board member of the warehouse robot maker, takes over at once. "
        "Solberg leaves after the German expansion stalled. "
        "Lind said the warehouse robot maker now plans to build 250 robots a year at the Leipzig factory.",
    ),
    "halvard-factory.txt": (
        "Halvard Robotics opens its first factory in Germany",
        "Nordic Wire",
        "2023-11-20",
        "Halvard Robotics opened its first German factory in Leipzig on Monday. "
        "The warehouse robot maker plans to build 400 robots a year at the Leipzig factory.",
    ),
    # Newer, and mentioning the company, but not about it: never taken for the newest report on Halvard.
    "automation-roundup.txt": (
        "Five start-ups to watch in warehouse automation",
        "Tech Weekly",
        "2023-12-10",
        "Warehouse automation start-ups raised more money this year than in any year before, according to a new"
        " industry survey. Investors say labour shortages in logistics are driving the demand for robots that pick,"
        " pack and move goods. Picking arms from Boston and shuttle systems from Lyon led the list of the year's"
        " biggest funding rounds, and several of the companies plan to enter the American market next year. "
        "Among the older firms, Halvard Robotics, whose chief executive the survey did not name, was also mentioned.",
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    folder = tmp_path_factory.mktemp("time") / "articles"
    folder.mkdir()
    for name, (title, source, day, body) in REPORTS.items():
        (folder / name).write_text(f"Title: {title}\nSource: {source}\nPublished: {day}T09:00:00+00:00\n\n{body}\n")
    bot = Assistant(index=folder.parent / "index", llm="extractive")
    assert bot.ingest(folder).added == 4
    return bot


@pytest.mark.parametrize(
    ("question", "scope"),
    [
        ("What happened to Everton last week?", ("2023-11-27", "2023-12-03")),  # Monday to Sunday before the 6th
        ("What did Apple announce this week?", ("2023-12-04", "2023-12-06")),
        ("What did Apple announce this month?", ("2023-12-01", "2023-12-06")),
        ("What happened last month at OpenAI?", ("2023-11-01", "2023-11-30")),
        ("Who won yesterday?", ("2023-12-05", "2023-12-05")),
        ("news about Binance in the past three days", ("2023-12-04", "2023-12-06")),
        ("What happened over the last few weeks at OpenAI?", ("2023-11-15", "2023-12-06")),
        ("What happened in the past week?", ("2023-11-29", "2023-12-06")),
        ("How did Kirk Cousins do in last week's game?", ("", "")),  # the article's last week, not the reader's
        ("What happened in the last days of November?", ("2023-11-24", "2023-11-30")),  # a month's part, not relative
    ],
)
def test_relative_scopes_count_back_from_the_reference_date(question: str, scope: tuple[str, str]) -> None:
    assert time_scope(question, "2023", "2023-12-06")[:2] == scope


def test_a_month_is_a_month_only_as_a_word_of_its_own() -> None:
    assert time_scope("What happened in mid-March 2023?", "2023") == ("2023-03-10", "2023-03-20", "in mid-March 2023")
    assert time_scope("What happened in late-November 2023?", "2023")[:2] == ("2023-11-20", "2023-11-30")
    # "Mar-a-Lago" is a club, not March; "Marcus" is a name
    assert time_scope("How did Trump's own 2021 valuation of Mar-a-Lago compare with New York's?", "2023") == ("", "", "")
    assert time_scope("What did Marcus Urann invent?", "2023") == ("", "", "")


@pytest.mark.parametrize(
    ("question", "scope"),
    [
        ("How did Chelsea beat Blackburn in the Carabao Cup on 1 November 2023?", ("2023-11-01", "2023-11-01")),
        ("What did Kelce say on the New Heights episode of 22 November 2023?", ("2023-11-22", "2023-11-22")),
        ("What happened on the 24th of September 2023?", ("2023-09-24", "2023-09-24")),
        ("What happened between 2 and 9 October 2023?", ("2023-10-02", "2023-10-09")),
        ("results from 3-5 November 2023", ("2023-11-03", "2023-11-05")),  # "from" a range: to its end
        ("results from November 3 to November 9, 2023", ("2023-11-03", "2023-11-09")),
        ("What has happened since 20 November 2023?", ("2023-11-20", "")),
        ("What happened before 3 December 2023?", ("", "2023-12-02")),
        ("the Top 10 October releases", ("", "")),  # a number before a month, no word of time before it
    ],
)
def test_a_day_written_before_its_month_scopes_that_day(question: str, scope: tuple[str, str]) -> None:
    """British and most non-US news write the day first: "on 1 November 2023" was read as no scope at all, and the
    question was answered from whatever was published when (a Carabao Cup fixtures page of December)."""
    assert time_scope(question, "2023")[:2] == scope


def test_a_long_answers_scope_filters_publication_and_is_not_a_subject_word() -> None:
    q = analyse("Why did Evolution Mining shares sink on the ASX in early December 2023?", (), [], "2023", "2023-12-25")
    assert (q.kind, q.since, q.until) == ("explain", "2023-12-01", "2023-12-10")
    assert q.focus == "Evolution Mining shares sink ASX" and q.search == q.focus  # the words its sentences must cover
    assert "early December 2023" in q.text  # the model still reads it
    dash = analyse("Walk me through the Michigan sign-stealing saga in mid-November 2023", (), [], "2023", "2023-12-25")
    assert "November" not in dash.focus and "Michigan" in dash.focus
    # A one-line answer keeps its words (its evidence is chosen by the question's text), and another date stays.
    assert "2023" in analyse("Who won on December 3, 2023?", (), [], "2023", "2023-12-25").text


def test_relative_scopes_need_a_reference_date() -> None:
    assert time_scope("What happened last week?", "2023") == ("", "", "")
    assert relative_scope("What happened last week?", "not a date") == ("", "", "")


@pytest.mark.parametrize(
    ("question", "latest"),
    [
        ("What's the latest on the Manchester United takeover?", True),
        ("Who is OpenAI's CEO now?", True),
        ("How many hostages have been released so far?", True),
        ("What is Tesla currently charging for the Cybertruck?", True),
        ("Who runs Binance right now?", True),
        ("How is the ASX expected to open today?", True),
        ("Does the USA Today article say the ASX rose?", False),  # an outlet's name
        ("Who is OpenAI's CEO?", False),
        ("Who is now facing a criminal trial for fraud?", False),  # "now" inside the question, not its point
        ("Why does Robert Kyncl think record labels are still needed?", False),
    ],
)
def test_questions_about_the_newest_state(question: str, latest: bool) -> None:
    assert asks_latest(question) is latest


def test_reading_keeps_time_words_out_of_what_is_searched_and_checked() -> None:
    q = analyse("Who runs Binance right now?", (), ["TechCrunch"], "2023", "2023-12-06")
    assert q.latest and q.as_of == "2023-12-06"
    assert q.text == "Who runs Binance?" and q.prompt == "Who runs Binance right now?" and "right" not in q.focus
    q = analyse("What happened at OpenAI last week?", (), ["TechCrunch"], "2023", "2023-12-06")
    assert (q.since, q.until, q.scope) == ("2023-11-27", "2023-12-03", "last week") and q.text == "What happened at OpenAI?"
    assert "week" not in q.focus and q.to_dict()["time_scope"]["since"] == "2023-11-27"
    # A question about named reports asks about those reports, not about the newest one.
    q = analyse("Is Binance currently run by Teng, as reported by TechCrunch?", (), ["TechCrunch"], "2023", "2023-12-06")
    assert not q.latest and "currently" in q.text


def test_latest_question_is_answered_from_the_newest_report_as_of_the_reference_date(bot: Assistant) -> None:
    now = bot.ask("Who is Halvard Robotics' chief executive now?")
    assert now.reading["latest"] and now.reading["as_of"] == "2023-12-10"  # the newest article's day by default
    assert now.citations and now.citations[0].source == "Oslo Business Daily"  # not the newer round-up
    assert "Lind" in now.citations[0].quote
    assert now.text.splitlines()[-1] == "As of December 4, 2023, according to Oslo Business Daily. [1]"
    assert "As of" not in now.own_text  # Byline's note is not one of the answer's own sentences
    assert [x.role for x in now.lines][-1] == "note"

    from ui.render import answer_markdown, reading_line

    shown = answer_markdown(now)
    assert shown.rstrip().endswith("*") and "*As of December 4, 2023, according to Oslo Business Daily" in shown
    assert "- As of" not in shown  # a note, not a list item
    assert "newest report as of 2023-12-10" in reading_line(now.reading)

    then = bot.ask("Who is Halvard Robotics' chief executive now?", as_of="2023-11-10")
    assert then.reading["as_of"] == "2023-11-10"
    assert {c.source for c in then.citations} == {"Nordic Wire"}  # the December report is after the reference date
    assert all("Lind" not in c.quote for c in then.citations) and "Solberg" in then.citations[0].quote
    assert "As of November 1, 2023, according to Nordic Wire." in then.text


def test_a_later_report_of_a_changed_figure_is_an_update_shown_with_the_earlier_one_dated(bot: Assistant) -> None:
    answer = bot.ask("How many robots a year will the Leipzig factory build now?")
    assert answer.citations[0].source == "Oslo Business Daily" and "250" in answer.direct
    notes = [x.text for x in answer.lines if x.role == "note"]
    assert notes[0].startswith("As of December 4, 2023, according to Oslo Business Daily.")
    assert notes[1].startswith("Earlier, on November 20, 2023, Nordic Wire reported 400.")
    earlier = next(c for c in answer.citations if c.source == "Nordic Wire")
    assert "400 robots a year" in earlier.quote and f"[{earlier.n}]" in notes[1]
    assert answer.text.splitlines()[-1].startswith('- Nordic Wire, 2023-11-20: "The warehouse robot maker plans')
    assert not answer.conflicts  # an update, not a disagreement
    # As of a day before the later report, the earlier figure is the answer and nothing updates it.
    before = bot.ask("How many robots a year will the Leipzig factory build now?", as_of="2023-11-30")
    assert "400" in before.direct and not any(x.text.startswith("Earlier") for x in before.lines)


def test_as_of_leaves_out_later_articles_everywhere(bot: Assistant) -> None:
    assert {p.published[:10] for p in bot.search("Halvard Robotics", as_of="2023-11-25")} == {"2023-11-01", "2023-11-20"}
    assert {p.published[:10] for p in bot.search("Halvard Robotics")} >= {"2023-11-01", "2023-11-20", "2023-12-04"}
    tl = bot.timeline("Halvard Robotics", as_of="2023-11-25")
    assert tl.events and all(c.published[:10] <= "2023-11-25" for e in tl.events for c in e.citations)
    assert {o.source for o in bot.coverage("Halvard Robotics", as_of="2023-11-05").outlets} == {"Nordic Wire"}


def test_relative_scope_in_a_question_filters_by_publication(bot: Assistant) -> None:
    # Reference date Wednesday 2023-12-13: "this week" is Monday 11 to Wednesday 13 December, when nothing about
    # Halvard was published, so a summary of this week's news declines and says which days it looked at; "last
    # week" (4 to 10 December) holds the report of 4 December and nothing older.
    answer = bot.ask("Summarize the news about Halvard Robotics from this week", as_of="2023-12-13")
    assert answer.abstained and "this week (2023-12-11 to 2023-12-13)" in answer.text
    answer = bot.ask("Summarize the news about Halvard Robotics from last week", as_of="2023-12-13")
    assert not answer.abstained and {c.published[:10] for c in answer.citations} == {"2023-12-04"}
    assert answer.reading["time_scope"] == {"text": "last week", "since": "2023-12-04", "until": "2023-12-10"}
    from ui.render import reading_line

    assert "last week (2023-12-04 to 2023-12-10)" in reading_line(answer.reading)


def _indexed(tmp_path: Path, reports: dict[str, tuple[str, str, str]]) -> Assistant:
    """An assistant over ``reports`` (file name: title, publication day, body), all from one outlet, "Wire"."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, (title, day, body) in reports.items():
        (folder / name).write_text(f"Title: {title}\nSource: Wire\nPublished: {day}T09:00:00+00:00\n\n{body}\n")
    bot = Assistant(index=tmp_path / "index", llm="extractive")
    bot.ingest(folder)
    return bot


def test_a_months_reports_published_after_it_are_read_when_they_name_it(tmp_path: Path) -> None:
    """A month's figures come out the next month: a question about September reads the October report that names
    September, and not the later news that does not (it would answer for October)."""
    reports = {
        "sales-september.txt": ("Home sales slump", "2023-10-20", "Existing-home sales fell 15% in September to an"
                                " annual rate of 3.96 million, the National Association of Realtors said on Thursday."),
        "sales-october.txt": ("Home sales recover", "2023-10-30", "Existing-home sales rose 4% this month to an annual"
                              " rate of 4.1 million, the National Association of Realtors said on Monday."),
        "rates.txt": ("Mortgage rates climb", "2023-09-14", "Mortgage rates climbed to 7.2% this week, the highest"
                      " level in two decades, as home buyers waited for prices to fall."),
    }  # fmt: skip
    bot = _indexed(tmp_path, reports)
    answer = bot.ask("How far did existing-home sales fall in September 2023?")
    assert "15%" in answer.text and {c.published[:10] for c in answer.citations} == {"2023-10-20"}, answer.text
    q = analyse("How far did existing-home sales fall in September 2023?", (), [], "2023")
    from rag.ask.window import windows

    assert windows(q, ("", "")) == [("2023-08-31T12:00", "2023-10-01"), ("2023-08-31T12:00", "2023-10-31")]
    assert windows(analyse("Who won in 2023?", (), [], "2023"), ("", "")) is None  # a bare year is about events
    passages = [p for p in bot.search("existing-home sales", k=5)]
    assert {p.published[:10] for p in passages} >= {"2023-10-20", "2023-10-30"}


def test_a_days_news_about_other_things_does_not_hide_the_later_report_of_the_event(tmp_path: Path) -> None:
    """The day's news names nothing the question names: the report published three days later is read ("What did
    Travis Kelce say ... on the New Heights episode of 22 November 2023?" was answered from a fantasy football ranking
    of the 21st that names Travis Etienne, and declined)."""
    reports = {
        "storm.txt": ("Storm closes Oslo harbour", "2023-11-22", "A winter storm closed Oslo harbour on Wednesday and"
                      " ferries to Kiel were cancelled, the port authority said. Travis Berg, a ferry captain, said the"
                      " waves were the highest he had seen."),
        "halvard-hires.txt": ("Halvard Robotics hires 300 in Leipzig", "2023-11-25", "Halvard Robotics hired 300 workers"
                              " for its Leipzig factory on Wednesday, doubling its German staff, the company said."),
    }  # fmt: skip
    bot = _indexed(tmp_path, reports)
    answer = bot.ask("How many workers did Halvard Robotics hire for its Leipzig factory on 22 November 2023?")
    assert not answer.abstained and "300" in answer.text, answer.text
    assert {c.published[:10] for c in answer.citations} == {"2023-11-25"}, answer.text


def test_a_days_news_from_sydney_is_found_though_utc_dates_it_the_day_before(tmp_path: Path) -> None:
    """The Sydney Morning Herald's market preview of Monday 2 October is published at 18:19 UTC on 1 October: "on
    October 2" searches from noon (UTC) of the day before, and a report of 29 September stays out; the Sunday
    morning (UTC) round-up is not this week's news (test_relative_scope_in_a_question_filters_by_publication)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, title, stamp, body in (
        ("asx-open.txt", "ASX set to open lower as Wall Street closes September with more losses", "2023-10-01T18:19:08",
         "The Australian sharemarket is set to open lower on Monday after Wall Street closed September with more losses."),
        ("asx-friday.txt", "ASX closes higher on miners", "2023-09-29T07:00:00",
         "The Australian sharemarket closed higher on Friday as miners rallied on iron ore prices."),
    ):  # fmt: skip
        (folder / name).write_text(f"Title: {title}\nSource: The Sydney Morning Herald\nPublished: {stamp}+00:00\n\n{body}\n")
    bot = Assistant(index=tmp_path / "index", llm="extractive")
    bot.ingest(folder)
    answer = bot.ask("Why did the ASX open lower on October 2?")
    assert not answer.abstained and {c.published[:10] for c in answer.citations} == {"2023-10-01"}, answer.text
    from rag.ask.window import windows

    assert windows(analyse("Why did the ASX open lower on October 2?", (), [], "2023"), ("", "")) == [
        ("2023-10-01T12:00", "2023-10-03"),
        ("2023-10-01T12:00", "2023-11-02"),
    ]


def test_the_latest_within_a_scope_is_the_newest_report_published_in_it(tmp_path: Path) -> None:
    """ "the latest ... in late November": a page published the day after the scope is read for that day's news, but
    the newest report is one published within the scope (a live page of 1 December may hold December's news)."""
    reports = {
        "tracker-nov.txt": ("Kestrel Motors sale tracker", "2023-11-27", "In late November 2023 Kestrel Motors is still"
                            " weighing offers from Halden Group and Brightwater, people close to the talks said."),
        "tracker-dec.txt": ("Kestrel Motors sale tracker", "2023-12-01", "Kestrel Motors agreed to sell itself to"
                            " Brightwater for $2 billion on December 8, ending the sale talks that in late November"
                            " 2023 still weighed offers from Halden Group and Brightwater."),
    }  # fmt: skip
    bot = _indexed(tmp_path, reports)
    answer = bot.ask("What was the latest on the Kestrel Motors sale in late November 2023?")
    assert answer.reading["latest"] and answer.citations, answer.text
    assert answer.citations[0].published[:10] == "2023-11-27" and "weighing offers" in answer.citations[0].quote
    # Without the scope the newest report is the December one.
    now = bot.ask("What is the latest on the Kestrel Motors sale?")
    assert now.citations and now.citations[0].published[:10] == "2023-12-01"


def test_a_scope_set_by_an_event_is_dated_from_the_articles(bot: Assistant) -> None:
    """ "after the German factory opened": the articles date the opening (Monday 20 November, from the report of that
    day), and only what was published from then on is read."""
    q = analyse("What happened to Halvard Robotics after the German factory opened?", (), [], "2023", "2023-12-10")
    assert q.anchor == ("after", "the German factory opened") and not q.since
    answer = bot.ask("Summarize what happened to Halvard Robotics after the German factory opened")
    scope = answer.reading["time_scope"]
    assert scope["since"] == "2023-11-20" and scope["text"] == "after the German factory opened (2023-11-20)"
    assert answer.citations and all(c.published[:10] >= "2023-11-20" for c in answer.citations)
    before = bot.ask("Who led Halvard Robotics before the German factory opened?")
    assert before.reading["time_scope"]["until"] == "2023-11-19"
    assert before.citations and all(c.published[:10] <= "2023-11-19" for c in before.citations)
    # An event the articles do not tell of sets no scope; nor does "since" giving a reason.
    assert not bot.ask("What did Halvard do after the merger was announced?").reading["time_scope"]
    assert not analyse("Since Halvard builds robots, who buys them?", (), [], "2023", "2023-12-10").anchor


def test_bad_reference_date_is_one_line(bot: Assistant, tmp_path: Path) -> None:
    with pytest.raises(BylineError, match="as_of='last tuesday' is not a date; write it as YYYY-MM-DD"):
        bot.ask("Who runs Halvard Robotics now?", as_of="last tuesday")
    with pytest.raises(BylineError, match="since=2023-12-01 is after as_of=2023-11-01"):
        bot.search("Halvard", since="2023-12-01", as_of="2023-11-01")
    run = subprocess.run(
        [sys.executable, "-m", "rag.cli", "search", "Halvard", "--index", str(bot.config.index), "--as-of", "soon"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and run.stderr.count("\n") == 1 and "YYYY-MM-DD" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("published", "inside"),
    [
        ("2023-10-01T18:19:08+00:00", True),  # Monday morning in Sydney
        ("2023-10-02T05:19:08+11:00", True),  # the same stamp in Sydney's own time
        ("2023-10-01T20:00:00-04:00", True),  # Sunday evening in New York is Monday 00:00 UTC
        ("2023-10-01T09:00:00+00:00", False),  # Sunday morning
        ("2023-10-01", False),  # a day without a time, before the scope's
        ("2023-10-03", True),
        ("", False),
    ],
)
def test_a_scope_from_noon_of_the_day_before_reads_each_stamp_in_utc(published: str, inside: bool) -> None:
    from rag.ask.window import published_within

    assert published_within(published, "2023-10-01T12:00", "2023-10-03") is inside
