from rag.ingest.chunk import chunk, sentences, token_counter
from rag.types import Article

from .conftest import SEED_FILE


def make(text):
    return Article(id="a1", path="a.txt", text=text, content_hash="h")


def test_sentence_spans_are_exact_and_respect_abbreviations():
    text = "Mr. Smith went to Washington. He met U.S. officials at 3.30pm!\nA headline without a stop\nDone? Yes."
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == [
        "Mr. Smith went to Washington.",
        "He met U.S. officials at 3.30pm!",
        "A headline without a stop",
        "Done?",
        "Yes.",
    ]


def test_a_lazy_loading_label_between_sentences_opens_no_sentence():
    """The Age and the SMH leave their widget's "Loading" between two paragraphs' sentences; a quote of the next
    sentence must not start with it ("Loading For instance, ..."), and a sentence about loading stays whole."""
    text = (
        "He is the father of three. Loading For instance, he saw parents push finance degrees.\n"
        "Loading \u201cAt one point the rain hit our box,\u201d Lowther said. Loading the trucks took hours."
    )
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == [
        "He is the father of three.",
        "Loading",
        "For instance, he saw parents push finance degrees.",
        "Loading",
        "\u201cAt one point the rain hit our box,\u201d Lowther said.",
        "Loading the trucks took hours.",
    ]


def test_chunks_are_sentence_aligned_with_exact_offsets():
    text = SEED_FILE.read_text(encoding="utf-8")
    chunks = chunk(make(text), chunk_tokens=80, overlap=1)
    assert len(chunks) > 3
    count = token_counter()
    starts = {s for s, _ in sentences(text)}
    for c in chunks:
        assert text[c.start : c.end] == c.text
        assert c.start in starts  # starts on a sentence boundary
        assert count(c.text) <= 80
    # Neighbours overlap by a sentence (when it is short), and together they cover every sentence.
    assert any(b.start < a.end for a, b in zip(chunks, chunks[1:]))
    covered = set()
    for c in chunks:
        covered |= {s for s, e in sentences(text) if c.start <= s and e <= c.end}
    assert covered == starts


def test_a_sentence_longer_than_a_chunk_is_cut_at_spaces():
    text = " ".join(["word"] * 500) + "."
    chunks = chunk(make(text), chunk_tokens=64, overlap=0)
    assert len(chunks) >= 7
    assert all(token_counter()(c.text) <= 64 and text[c.start : c.end] == c.text for c in chunks)


def test_chunk_ids_are_content_hashes():
    a = chunk(make("One sentence. Two sentence."))
    b = chunk(make("One sentence. Two sentence."))
    c = chunk(Article(id="a1", path="a.txt", text="One sentence. Two sentences.", content_hash="h2"))
    assert [x.id for x in a] == [x.id for x in b]
    assert a[0].id != c[0].id
