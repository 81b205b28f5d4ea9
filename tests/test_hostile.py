"""Regression tests for issue 15 (part A): hostile inputs and outputs that must never be overwritten.

Each test reproduces one defect found by a careful tester and checks the right outcome: a named skip,
a refusal with exit 2, or the correct result. Timing defects are checked as scaling ratios measured in
one run (4x the input must cost well under 16x the time), never as absolute times.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corroborator import analyze
from corroborator.cli import app
from corroborator.ingest import IngestOptions, read_inputs
from corroborator.options import AnalyzeOptions, RelateOptions
from corroborator.types import RawArticle, Skipped
from tests.conftest import best_time

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

BODY = (
    "Crews from three stations worked through the night to stop a fire at a grain store near Marlow, "
    "the regional fire service said on Tuesday. Nobody was injured, and investigators have not yet named a cause.\n"
    "The owner of the store said the building had been inspected in the spring.\n"
)
NO_RELATE = AnalyzeOptions(relate=RelateOptions(enabled=False))


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


_best_time = best_time


def assert_linear(make: Callable[[int], Callable[[], object]], size: int, floor: float = 0.05) -> None:
    """4x the input must take under 6x the time (quadratic would be 16x). ``floor`` absorbs timer noise."""
    small, big = make(size), make(4 * size)
    small()  # warm up imports and caches
    t1, t4 = _best_time(small), _best_time(big)
    assert t4 < 6 * max(t1, floor), f"4x input took {t4 / max(t1, 1e-9):.1f}x the time ({t1:.3f} s -> {t4:.3f} s)"


# ---------------------------------------------------------------- outputs never over an input


def _article_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "article.txt").write_text(BODY)
    return folder


def test_out_folder_refuses_to_overwrite_an_input_report_html(tmp_path):
    folder = _article_folder(tmp_path)
    page = f"<html><body><article><p>{BODY * 3}</p></article></body></html>"
    (folder / "report.html").write_text(page)  # the user's own saved page, not ours
    before = _digest(folder)
    result = runner.invoke(app, ["analyze", str(folder), "-o", str(folder), "--no-relate", "-q"])
    assert result.exit_code == 2, result.output
    assert "report.html" in result.output and "refusing" in result.output
    assert _digest(folder) == before


def test_json_refuses_an_input_found_in_a_folder_a_glob_or_a_hard_link(tmp_path):
    folder = _article_folder(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.link(folder / "article.txt", elsewhere / "linked.json")
    before = _digest(folder)
    cases = [
        [str(folder), "--json", str(folder / "article.txt")],
        [str(folder / "*.txt"), "--json", str(folder / "article.txt")],
        [str(folder), "--json", str(elsewhere / "linked.json")],
        [str(folder / "article.txt"), "--json", str(tmp_path / "in" / ".." / "in" / "article.txt")],
    ]
    for args in cases:
        result = runner.invoke(app, ["analyze", *args, "--no-relate", "-q"])
        assert result.exit_code == 2, (args, result.output)
        assert "article.txt" in result.output and "refusing" in result.output, result.output
    assert _digest(folder) == before
    assert (elsewhere / "linked.json").read_text() == BODY


def test_a_second_run_does_not_read_its_own_reports(tmp_path):
    folder = _article_folder(tmp_path)
    (folder / "second.txt").write_text(BODY.replace("Marlow", "Henley").replace("grain store", "boat yard"))
    for _ in range(2):
        result = runner.invoke(app, ["analyze", str(folder), "-o", str(folder), "--no-relate", "-q"])
        assert result.exit_code == 0, result.output
    report = json.loads((folder / "report.json").read_text())
    assert sorted(Path(a["source"]).name for a in report["articles"]) == ["article.txt", "second.txt"]
    assert report["skipped"] == []
    assert not [p.name for p in folder.iterdir() if "partial" in p.name or p.name.endswith(".tmp")]


def test_own_reports_are_recognised_by_content_not_name(tmp_path):
    from corroborator.ingest import is_own_report

    folder = _article_folder(tmp_path)
    runner.invoke(app, ["analyze", str(folder), "-o", str(tmp_path / "out"), "--no-relate", "-q"])
    for name in ("report.json", "report.html", "report.md"):
        renamed = folder / f"old-{name}"
        renamed.write_bytes((tmp_path / "out" / name).read_bytes())
        assert is_own_report(str(renamed)), name
    (folder / "report.md").write_text("# My notes\n\n" + BODY)
    assert not is_own_report(str(folder / "report.md"))
    report = analyze([str(folder)], NO_RELATE)
    names = sorted(Path(a.source).name for a in report.articles)
    assert names == ["article.txt"] or names == ["article.txt", "report.md"]
    assert not [s for s in report.skipped if "old-report" in s.source]


def test_a_failed_run_writes_nothing_and_keeps_the_earlier_report(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text('{"earlier": true}')
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), "-o", str(out), "--no-relate"])
    assert result.exit_code == 1
    assert (out / "report.json").read_text() == '{"earlier": true}'
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]


def test_eval_refuses_to_write_over_its_data(tmp_path):
    data = tmp_path / "pairs.tsv"
    data.write_text("keep me\n")
    result = runner.invoke(app, ["eval", "paraphrase", "--data", str(data), "--json", str(data)])
    assert result.exit_code == 2, result.output
    assert "refusing" in result.output
    assert data.read_text() == "keep me\n"


def test_max_bytes_must_be_positive(tmp_path):
    folder = _article_folder(tmp_path)
    result = runner.invoke(app, ["analyze", str(folder), "--max-bytes", "-5", "--json", "-"])
    assert result.exit_code == 2
    assert "--max-bytes" in result.output


# ---------------------------------------------------------------- one record never sinks the batch


def test_bad_published_values_are_ignored_with_a_warning(tmp_path, caplog):
    rows = [
        '{"text": "%s", "published": NaN}',
        '{"text": "%s", "published": 1e300}',
        '{"text": "%s", "published": 12345678901234567890}',
        '{"text": "%s", "published": "0001-01-01"}',
        '{"text": "%s", "published": "2999-05-05T10:00:00"}',
        '{"text": "%s", "published": -1e20}',
        '{"text": "%s", "published": "2023-03-03"}',
    ]
    lines = [row % f"Record {i}: {BODY.strip()}".replace("\n", " ") for i, row in enumerate(rows)]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    with caplog.at_level(logging.WARNING):
        report = analyze([str(path)], NO_RELATE)
    assert len(report.articles) == 7, report.skipped
    published = {a.source: a.meta.published for a in report.articles}
    assert published[f"{path}:7"] == "2023-03-03"
    assert [published[f"{path}:{i}"] for i in range(1, 7)] == [None] * 6
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert f"{path}:1" in warned and "published" in warned

    from corroborator.dedup.io import read_records

    skipped: list[Skipped] = []
    records = list(read_records([str(path)], skipped=skipped))
    assert len(records) == 7 and not skipped
    assert [r.published for r in records] == [None] * 6 + ["2023-03-03"]


def test_deeply_nested_json_is_a_named_skip(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": BODY}) + "\n" + '{"text": "x", "title": ' + deep + "}\n")
    report = analyze([str(path)], NO_RELATE)
    assert len(report.articles) == 1
    (skip,) = report.skipped
    assert skip.source == f"{path}:2" and "nested" in skip.reason
    array = tmp_path / "feed.json"
    array.write_text('[{"text": "x", "author": ' + deep + "}]")
    (skip,) = analyze([str(array)], NO_RELATE).skipped
    assert "nested" in skip.reason

    from corroborator.dedup.io import read_records

    skipped: list[Skipped] = []
    assert len(list(read_records([str(path)], skipped=skipped))) == 1
    assert [s.source for s in skipped] == [f"{path}:2"] and "nested" in skipped[0].reason


def test_a_title_nested_many_lists_deep_is_read_in_linear_time():
    from corroborator.ingest.records import record_to_article

    def make(depth: int) -> Callable[[], object]:
        title = json.loads("[" * depth + '"Fire at the grain store", "Marlow"' + "]" * depth)  # ~1 kB of JSON at 26
        record = {"text": BODY, "title": title, "author": [[{"name": "A. Writer"}]]}
        return lambda: record_to_article(record, "nested", {})

    assert_linear(make, 6)  # 6 -> 24 levels; before the fix each level doubled the time
    article = make(26)()
    assert article.raw_text == BODY
    assert article.meta.author == "A. Writer"


# ---------------------------------------------------------------- linear-time text processing


def test_segmenting_a_run_of_dots_is_linear():
    from corroborator.segment import sentences

    assert_linear(lambda n: lambda: sentences("Dots" + "." * n + "x End."), 2_000)  # no space after the run
    assert_linear(lambda n: lambda: sentences("Dots" + "." * n + " End."), 5_000)
    assert_linear(lambda n: lambda: sentences("A" + ". " * n + "B."), 5_000)


def test_cleaning_a_line_of_spaces_is_linear():
    from corroborator.clean import clean

    def make(n: int) -> Callable[[], object]:
        raw = RawArticle("spaces", "Start of the line" + " " * n + "end of it.\n" + BODY, meta=_meta())
        return lambda: clean(raw)

    assert_linear(make, 8_000)


def test_segmenting_one_long_paragraph_is_linear():
    from corroborator.segment import sentences

    sentence = "The council met on Monday. Officials said the U.S. plan was approved. "
    assert_linear(lambda n: lambda: sentences(sentence * n), 1_500)


def _meta():
    from corroborator.types import Metadata

    return Metadata()


# ---------------------------------------------------------------- bounded reads


def _run_cli(args: list[str], timeout: float = 60, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [sys.executable, "-m", "corroborator", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )


def test_fifo_and_devices_are_refused(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "ok.txt").write_text(BODY)
    result = _run_cli(["analyze", str(fifo), "/dev/zero", str(tmp_path / "ok.txt"), "--no-relate", "--json", "-"])
    assert result.returncode == 0, result.stderr.decode()
    report = json.loads(result.stdout)
    reasons = {s["source"]: s["reason"] for s in report["skipped"]}
    assert "not a regular file" in reasons[str(fifo)] and "FIFO" in reasons[str(fifo)]
    assert "not a regular file" in reasons["/dev/zero"]
    assert report["stats"]["articles"] == 1
    # in a folder too
    skips = [s for s in read_inputs([str(tmp_path)]) if isinstance(s, Skipped)]
    assert [s.source for s in skips] == [str(fifo)]


def test_stdin_has_a_size_limit():
    big = (BODY * 400).encode()
    result = _run_cli(["analyze", "-", "--no-relate", "--max-bytes", "10000", "--json", "-"], stdin=big)
    assert result.returncode == 1
    assert "<stdin>" in result.stderr.decode() and "limit" in result.stderr.decode()


def _warc(path: Path, payload: bytes, encoding: str | None = None, warc_gzip: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    headers = [("Content-Type", "text/html; charset=utf-8")]
    if encoding:
        headers.append(("Content-Encoding", encoding))
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=warc_gzip)
        record = writer.create_warc_record(
            "https://bomb.example/x",
            "response",
            payload=io.BytesIO(payload),
            http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
        )
        writer.write_record(record)


def _gzip_of_spaces(megabytes: int) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        gz.write(b"<html><body><p>")
        block = b" " * (1 << 20)
        for _ in range(megabytes):
            gz.write(block)
    return out.getvalue()


def test_gzip_bomb_in_a_warc_response_is_refused(tmp_path):
    bomb = _gzip_of_spaces(200)  # 200 MB of spaces, about 200 kB compressed
    path = tmp_path / "bomb.warc.gz"
    _warc(path, bomb, encoding="gzip")
    got = list(read_inputs([str(path)], IngestOptions(max_bytes=1_000_000)))
    assert all(isinstance(g, Skipped) for g in got)
    assert any("decompress" in g.reason for g in got), got


def test_gzip_bomb_as_a_warc_record_is_refused(tmp_path):
    path = tmp_path / "bomb.warc.gz"
    _warc(path, b"<html><body><p>" + b" " * (120 << 20) + b"</p></body></html>")
    assert path.stat().st_size < 1_000_000
    got = list(read_inputs([str(path)], IngestOptions(max_bytes=1_000_000)))
    assert all(isinstance(g, Skipped) for g in got)
    assert any("decompress" in g.reason for g in got), got


# ---------------------------------------------------------------- CSV


def test_fully_quoted_csv_as_r_and_excel_write_it(tmp_path):
    def q(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    # The first rows hold no quote inside a field, so the sniffer's 4 kB sample guessed doublequote=False
    # and the rows after it were cut at their first inner quote.
    rows = [
        (str(i), f"Storm report {i}, part two", "Coast News", f"Body {i}, with a comma, and more words.")
        for i in range(60)
    ]
    rows += [
        ("61", 'Fire at the "old" mill', "Hallam Courier", 'Fire crews said "it spread fast, very fast" and left.'),
        (
            "62",
            "Flood warning, again",
            "River Post",
            "Rain fell all week; the river rose.\nResidents were told to wait.",
        ),
    ]
    text = '"","title","outlet","text"\r\n' + "".join(",".join(q(v) for v in r) + "\r\n" for r in rows)
    path = tmp_path / "export.csv"
    path.write_text(text)
    report = analyze([str(path)], NO_RELATE)
    assert not report.skipped
    assert len(report.articles) == 62
    mill = next(a for a in report.articles if a.meta.outlet == "Hallam Courier")
    assert mill.meta.title == 'Fire at the "old" mill'
    assert mill.text == 'Fire crews said "it spread fast, very fast" and left.'
    flood = next(a for a in report.articles if a.meta.outlet == "River Post")
    assert flood.text.endswith("Residents were told to wait.")


def test_csv_row_of_the_wrong_width_is_a_named_skip(tmp_path):
    text = "title,text\nOne,The first body text is here.\nTwo,The second body,with,extra fields\nThree,Third text.\n"
    path = tmp_path / "w.csv"
    path.write_text(text)
    report = analyze([str(path)], NO_RELATE)
    assert len(report.articles) == 2
    (skip,) = report.skipped
    assert skip.source == f"{path}:3" and "fields" in skip.reason


def test_a_nul_byte_in_a_csv_is_handled_in_its_field(tmp_path):
    text = "title,text\nOne,The first body text is here and it is fine.\nTwo,The second\x00 body has a NUL.\n"
    path = tmp_path / "nul.csv"
    path.write_bytes(text.encode())
    report = analyze([str(path)], NO_RELATE)
    assert len(report.articles) == 2, report.skipped
    assert any("The second body has a NUL." in a.text for a in report.articles)


# ---------------------------------------------------------------- smaller defects


def test_a_news_paragraph_mentioning_report_an_error_is_kept():
    raw = RawArticle(
        "p.txt",
        BODY
        + "The agency said it would report an error in last year's census figures to parliament, Reuters reported.\n"
        "Spotted an error? Report an error here.\n",
        meta=_meta(),
    )
    report = analyze([raw], NO_RELATE)
    (article,) = report.articles
    assert "census figures to parliament, Reuters reported." in article.text
    assert "Spotted an error?" not in article.text
    assert any(a.source == "Reuters" for a in article.attributions)


def test_a_long_line_with_a_newsletter_phrase_is_not_cut_whole():
    line = "The scheme sent letters that landed in your inbox, the regulator said. " * 3000
    raw = RawArticle("long.txt", BODY + line + "\n", meta=_meta())
    from corroborator.clean import clean

    text, removed = clean(raw)
    assert "landed in your inbox" in text
    assert not [r for r in removed if r.reason == "newsletter prompt"]


def test_mixed_utf8_and_cp1252_lines_decode_per_line_with_a_warning(tmp_path, caplog):
    data = "Café owners met on Monday.\n".encode() + "The naïve plan – a résumé of it – was shelved.\n".encode("cp1252")
    path = tmp_path / "mixed.txt"
    path.write_bytes(data + BODY.encode())
    with caplog.at_level(logging.WARNING):
        (raw,) = list(read_inputs([str(path)]))
    assert isinstance(raw, RawArticle)
    assert "Café owners" in raw.raw_text and "The naïve plan – a résumé of it – was shelved." in raw.raw_text
    assert any("cp1252" in r.getMessage() and str(path) in r.getMessage() for r in caplog.records)


def test_emoji_only_texts_do_not_share_the_empty_id():
    from corroborator.textutil import words_id

    report = analyze([{"text": "🔥🔥🔥"}, {"text": "🚀 🌍"}, {"text": BODY}], NO_RELATE)
    assert words_id([]) not in {a.id for a in report.articles}
    assert len(report.articles) == 1
    assert len(report.skipped) == 2 and all("no words" in s.reason for s in report.skipped)


def test_emoji_only_records_are_skipped_by_dedup_too(tmp_path):
    from corroborator.dedup.io import read_records

    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps({"text": t}) for t in ("🔥🔥🔥", "🚀 🌍", BODY)) + "\n")
    skipped: list[Skipped] = []
    (record,) = read_records([str(path)], skipped=skipped)
    assert record.text == BODY
    assert [s.source for s in skipped] == [f"{path}:1", f"{path}:2"]
    assert all("no words" in s.reason for s in skipped)


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv", ".txt", ".html"])
def test_a_file_holding_only_a_byte_order_mark_is_a_named_skip(tmp_path, suffix):
    # Found by the fuzz suite: such a file gave neither an article nor a skip, so it vanished silently.
    path = tmp_path / f"bom{suffix}"
    path.write_bytes(b"\xef\xbb\xbf\n")
    (got,) = list(read_inputs([str(path)]))
    assert isinstance(got, Skipped) and "empty" in got.reason
