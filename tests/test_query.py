"""Question analysis: outlets the index lacks, and dates a question names."""

from rag.ask.query import named_dates, names, reports, unknown_sources

SOURCES = ["TechCrunch", "The Verge", "The Independent - Life and Style", "The New York Times", "Sporting News"]


def test_unknown_outlets_are_found():
    q = "Considering an article from Bloomberg and a report by The Verge, which company raised prices?"
    assert unknown_sources(q, SOURCES) == ["Bloomberg"]
    q = "Based on a Wall Street Journal report and a New York Times article, who resigned?"
    assert unknown_sources(q, SOURCES) == ["Wall Street Journal"]
    q = "According to articles from The New York Times and The Washington Post, who served as Secretary?"
    assert unknown_sources(q, SOURCES) == ["The Washington Post"]


def test_known_outlets_topics_and_dates_are_not_flagged():
    for q in [
        "Who is the individual facing trial, as reported by both The Verge and TechCrunch?",
        "Did the article from 'The Independent - Life and Style' mention Arrowhead Stadium?",
        "After the TechCrunch report on October 7, 2023, concerning Flexport, was there a change?",
        "Was the report from Sporting News on September 26, 2023, consistent with the one on Travis Kelce?",
        "Does the TechCrunch article on Twitch's revenue split differ from The Verge's coverage?",
    ]:
        assert unknown_sources(q, SOURCES) == [], q


def test_named_dates():
    q = "After the TechCrunch report on October 7, 2023, and the one on Oct. 30th 2023, and 2023-11-05, and December 18"
    assert named_dates(q, "2023") == {"2023-10-07", "2023-10-30", "2023-11-05", "2023-12-18"}
    assert named_dates("No dates here, just May.", "2023") == set()


def test_outlet_names_written_with_a_lowercase_the():
    q = "Considering an article in the New York Times and another in the Wall Street Journal, which company?"
    assert unknown_sources(q, SOURCES) == ["the Wall Street Journal"]


def test_names_are_the_people_companies_and_places_asked_about():
    q = "Considering articles from The Verge and TechCrunch about Pets Best Insurance Services, which CEO joined Sygic's board?"
    assert names(q, SOURCES) == ["Pets Best Insurance Services", "CEO", "Sygic"]
    q = "Does the TechCrunch article suggest that Sam Bankman-Fried's trial, reported on October 7, 2023, was delayed?"
    assert names(q, SOURCES) == ["Sam Bankman-Fried"]
    q = "What is the name of the OpenAI-developed chatbot reported by The New York Times?"
    assert names(q, SOURCES) == ["OpenAI"]
    assert names("how many prisoners were moved from syria to iraq?", SOURCES) == []


def test_reports_are_the_outlet_mentions_with_their_words_and_days():
    outlets = ["TechCrunch", "The Verge", "The Independent", "The Independent - Life and Style"]
    q = "Did the TechCrunch report on May 2 about fares and the TechCrunch report on May 9 about buses agree?"
    got = reports(q, outlets, "2023")
    assert [(r.outlet, sorted(r.days)) for r in got] == [("TechCrunch", ["2023-05-02"]), ("TechCrunch", ["2023-05-09"])]
    assert "fares" in got[0].text and "fares" not in got[1].text and "buses" in got[1].text
    two = reports("Does The Independent - Life and Style article agree with The Verge?", outlets)
    assert [r.outlet for r in two] == ["The Independent - Life and Style", "The Verge"]
    assert reports("Who won the match?", outlets) == []
