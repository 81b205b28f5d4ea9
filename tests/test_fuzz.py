"""The standing fuzz suite for ingest and analyze (relate=False), issue 15.

Hypothesis generates bad encodings, nested JSON, odd CSVs and adversarial text; the properties are the
promises the README makes: ingest never raises (a bad input is a named skip), input files are never
modified, a CSV written by a standard writer reads back exactly, and the clean text and the spans of
every article are consistent with the raw text. The scaling checks time 1x and 4x inputs in one run
and assert the ratio (quadratic work would show as ~16x), never absolute times.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corroborator import analyze
from corroborator.errors import InputError
from corroborator.ingest import SUPPORTED, read_inputs
from corroborator.ingest.decode import decode_bytes
from corroborator.ingest.records import read_csv
from corroborator.options import AnalyzeOptions, RelateOptions
from corroborator.types import RawArticle, Skipped
from tests.conftest import SHARED, best_time

NO_RELATE = AnalyzeOptions(relate=RelateOptions(enabled=False))
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text as news is made of, with the characters and runs that broke the rules-based stages.
PIECES = st.sampled_from(
    [
        "The minister said ",
        "according to Reuters, ",
        '"We will rebuild," ',
        "“Nothing is settled,” she said. ",
        "U.S. officials ",
        "Gen. Ivanova ",
        "has ",
        "said ",
        "...",
        ". . . ",
        "?! ",
        "      ",
        "\n",
        "\n\n",
        "\t",
        "Report an error ",
        "Sign up for our newsletter ",
        "Advertisement\n",
        "© 2024 All rights reserved\n",
        "🔥",
        "«",
        "»",
        "(",
        ")",
        "[",
        "&nbsp;",
        "Oct. 3, 2024 ",
        "3.5 percent ",
        "A" * 300,
        "\u2028",
        "\r\n",
        "\x00",
    ]
)
ADVERSARIAL = st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=60).map("".join)


def _check_article_spans(report) -> None:
    for article in report.articles:
        text = article.text
        for span in (*article.paragraphs, *article.sentences):
            assert 0 <= span.start < span.end <= len(text)
        starts = [s.start for s in article.sentences]
        assert starts == sorted(starts)
        for quote in article.quotes:
            assert 0 <= quote.start <= quote.end <= len(text)
        for att in article.attributions:
            assert 0 <= att.start <= att.end <= len(text)


@FUZZ
@given(text=ADVERSARIAL)
def test_analyze_adversarial_text_keeps_its_promises(text):
    raw = RawArticle("fuzz.txt", text, meta=_meta())
    report = analyze([raw], NO_RELATE)
    assert len(report.articles) + len(report.skipped) == 1
    for skip in report.skipped:
        assert skip.reason and "internal error" not in skip.reason
    _check_article_spans(report)
    for article in report.articles:
        # The clean text is the raw text with whole spans cut: every cut is where it says it is.
        for cut in article.removed:
            assert text[cut.start : cut.end] == cut.text
        assert len(article.text) + sum(c.end - c.start for c in article.removed) == len(text)


def _meta():
    from corroborator.types import Metadata

    return Metadata()


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUPPORTED))
def test_ingest_never_raises_on_any_bytes_and_never_modifies_them(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        got = list(read_inputs([str(path)]))
        assert path.read_bytes() == data
    assert got
    for item in got:
        assert isinstance(item, (RawArticle, Skipped))
        if isinstance(item, Skipped):
            assert item.source.startswith(str(path)) and item.reason


ENCODINGS = st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16", "mac_roman", "koi8_r"])
LINES = st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40), min_size=1, max_size=12)


@FUZZ
@given(lines=LINES, encodings=st.lists(ENCODINGS, min_size=1, max_size=3))
def test_decoding_any_mix_of_encodings_is_text_or_a_named_refusal(lines, encodings):
    data = b""
    for k, line in enumerate(lines):
        encoding = encodings[k % len(encodings)]
        data += (line + "\n").encode(encoding, errors="replace")
    try:
        text, encoding = decode_bytes(data, "mixed.txt")
    except InputError as exc:
        assert exc.source == "mixed.txt" and exc.reason
        return
    assert isinstance(text, str)
    if set(encodings) == {"utf-8"} and not data.startswith(b"\xef\xbb\xbf"):
        assert text == data.decode("utf-8")  # valid UTF-8 is never second-guessed


JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
JSON_VALUE = st.recursive(
    JSON_LEAF, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
)


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(["published", "date", "title", "author", "outlet", "url", "id", "language", "extra"]),
        JSON_VALUE,
    ),
    depth=st.integers(min_value=0, max_value=3000),
)
def test_any_record_values_are_an_article_or_a_named_skip(fields, depth):
    body = "Officials said the bridge would reopen on Monday after repairs, the council said."
    record = {"text": body, **fields}
    line = json.dumps(record, allow_nan=True)
    if depth:
        line = line[:-1] + ', "deep": ' + "[" * depth + "]" * depth + "}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feed.jsonl"
        path.write_text(line + "\n")
        report = analyze([str(path)], NO_RELATE)
        from corroborator.dedup.io import read_records

        skipped: list[Skipped] = []
        records = list(read_records([str(path)], skipped=skipped))
    assert len(report.articles) + len(report.skipped) == 1
    assert len(records) + len(skipped) == 1
    if depth > 64:
        assert report.skipped and "nested" in report.skipped[0].reason
        assert skipped and "nested" in skipped[0].reason
    for article in report.articles:
        assert article.text == body
        published = article.meta.published
        assert published is None or 1900 <= int(published[:4]) <= 2100


CELL = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00<\ufeff"), max_size=40)


@FUZZ
@given(
    rows=st.lists(st.tuples(CELL, CELL), min_size=1, max_size=12),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    quoting=st.sampled_from([csv.QUOTE_ALL, csv.QUOTE_MINIMAL, csv.QUOTE_NONNUMERIC]),
    nul_row=st.integers(min_value=-1, max_value=11),
)
def test_a_csv_from_a_standard_writer_reads_back_exactly(rows, delimiter, quoting, nul_row):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator="\r\n")
    writer.writerow(["title", "text"])
    expected = []
    for k, (title, text) in enumerate(rows):
        body = f"Row {k} says: {text}"
        written = body[:5] + "\x00" + body[5:] if k == nul_row else body  # one NUL byte in one field
        writer.writerow([title, written])
        expected.append(body)
    got = list(read_csv(out.getvalue(), "odd.csv", {}))
    articles = [g for g in got if isinstance(g, RawArticle)]
    assert not [g for g in got if isinstance(g, Skipped)], got
    assert [a.raw_text for a in articles] == expected


# ---------------------------------------------------------------- scaling


_best = best_time


def _ratio(make: Callable[[int], Callable[[], object]], size: int) -> tuple[float, float]:
    make(size // 4)()  # warm up imports, caches and the language model
    return _best(make(size)), _best(make(4 * size))


def _news(size: int) -> str:
    texts = sorted((SHARED / "datasets" / "polnear" / "data" / "train" / "text").glob("*.txt"))
    if not texts:
        pytest.fail(f"the shared PolNeAR texts are missing under {SHARED}")
    parts, total, k = [], 0, 0
    while total < size:
        part = texts[k % len(texts)].read_text(encoding="utf-8", errors="replace").strip() + "\n\n"
        parts.append(part)
        total += len(part)
        k += 1
    return "".join(parts)[:size]


def test_ingest_clean_and_segment_scale_linearly(tmp_path):
    from corroborator.clean import clean
    from corroborator.segment import paragraphs, sentences

    def make(size: int) -> Callable[[], object]:
        path = tmp_path / f"news{size}.txt"
        path.write_text(_news(size))

        def run() -> None:
            (raw,) = list(read_inputs([str(path)]))
            text, _removed = clean(raw)
            sentences(text, paragraphs(text))

        return run

    t1, t4 = _ratio(make, 250_000)
    assert t4 < 6 * max(t1, 0.05), f"{t1:.3f} s -> {t4:.3f} s"


def test_hostile_lines_scale_linearly_through_ingest_clean_and_segment(tmp_path):
    from corroborator.clean import clean
    from corroborator.segment import paragraphs, sentences

    shapes = {
        "dots": lambda n: "It ended" + "." * n + "x and went on.\n",
        "spaces": lambda n: "The line starts" + " " * n + "and ends here.\n",
        "one line": lambda n: ("Officials said the U.S. plan was approved. " * (n // 40)).strip() + "\n",
    }
    for name, shape in shapes.items():

        def make(n: int, shape=shape, name=name) -> Callable[[], object]:
            path = tmp_path / f"{name}{n}.txt"
            path.write_text(shape(n))

            def run() -> None:
                (raw,) = list(read_inputs([str(path)]))
                text, _removed = clean(raw)
                sentences(text, paragraphs(text))

            return run

        t1, t4 = _ratio(make, 100_000)
        assert t4 < 6 * max(t1, 0.05), f"{name}: {t1:.3f} s -> {t4:.3f} s"


@pytest.mark.slow
def test_analyze_without_relate_scales_linearly(tmp_path):
    """The whole --no-relate pipeline, on real news text: 4x the text must cost under 6x the time."""

    def make(size: int) -> Callable[[], object]:
        path = tmp_path / f"news{size}.txt"
        path.write_text(_news(size))
        return lambda: analyze([str(path)], NO_RELATE)

    t1, t4 = _ratio(make, 100_000)
    assert t4 < 6 * max(t1, 0.05), f"{t1:.3f} s -> {t4:.3f} s"


def test_files_are_never_modified_by_a_run(tmp_path):
    (tmp_path / "a.txt").write_text(_news(5_000))
    (tmp_path / "b.csv").write_bytes(b'"title","text"\r\n"x","A \x00 body, in ""quotes"", here."\r\n')
    (tmp_path / "c.jsonl").write_text(
        '{"text": "A body.", "published": NaN}\n{"text": ' + "[" * 500 + "]" * 500 + "}\n"
    )
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    report = analyze([str(tmp_path)], NO_RELATE)
    assert report.articles
    assert before == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
