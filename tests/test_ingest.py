from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from corroborator import analyze
from corroborator.ingest import IngestOptions, read_inputs
from corroborator.ingest.text import parse_text_article
from corroborator.types import RawArticle, Skipped

BODY = (
    "Firefighters spent the night containing a blaze at a timber yard in Hallam, the county fire service said. "
    "No one was hurt, and the cause of the fire is not yet known.\n"
)


@pytest.mark.parametrize(
    ("header", "field", "expected"),
    [
        ("Mar 3, 2023\n", "published", "2023-03-03"),
        ("Friday, March 3, 2023 9:15:02 AM\n", "published", "2023-03-03T09:15:02"),
        (
            "date 2023-03-03 Timber yard fire in Hallam Friday, March 3, 2023 9:15:02 AM\n",
            "published",
            "2023-03-03T09:15:02",
        ),
        (
            "date 2023-03-03 Timber yard fire in Hallam Friday, March 3, 2023 9:15:02 AM\n",
            "title",
            "Timber yard fire in Hallam",
        ),
        ("**Timber yard fire in Hallam**\n", "title", "Timber yard fire in Hallam"),
        ("Timber Yard Fire Keeps Crews Busy Overnight\n", "title", "Timber Yard Fire Keeps Crews Busy Overnight"),
        ("Hallam Courier\nMar 3, 2023\n", "outlet", "Hallam Courier"),
        ("By Jane Doe\n", "author", "Jane Doe"),
        ("Title: Fire in Hallam\nSource: Hallam Courier\nPublished: 2023-03-03\n", "outlet", "Hallam Courier"),
    ],
)
def test_text_header_lines(header, field, expected):
    raw = parse_text_article(header + "\n" + BODY, "a.txt")
    assert getattr(raw.meta, field) == expected
    assert raw.header, "metadata lines are marked so cleaning removes them with a reason"


def test_text_without_header_keeps_first_line():
    raw = parse_text_article(BODY, "a.txt")
    assert raw.header == () and raw.meta.title is None


def test_ingest_every_format_of_the_demo(demo_report):
    by_source = {a.source.split("/")[-1]: a for a in demo_report.articles}
    assert by_source["01_harbour_gazette.txt"].meta.outlet == "The Harbour Gazette"
    assert by_source["01_harbour_gazette.txt"].meta.published == "2026-05-04T18:40:00"
    assert by_source["02_coastline_daily.md"].meta.author == "Tomas Reyes"
    html = by_source["03_valley_herald.html"]
    assert (html.meta.outlet, html.meta.author, html.meta.published) == (
        "Valley Herald",
        "Maya Lindqvist",
        "2026-05-05",
    )
    assert html.meta.url == "https://valleyherald.example/news/oil-spill-port-ellery"
    assert "Home News Sport" not in html.text and "Council tax" not in html.text
    wire = by_source["04_northern_wire.jsonl:1"]
    assert wire.meta.input_id == "nw-2026-0504-117" and wire.meta.outlet == "Northern Wire"
    assert wire.meta.published == "2026-05-04T19:05:00+00:00"
    csv_article = by_source["05_bay_post.csv:12"]
    assert csv_article.meta.input_id == "bp-8812" and csv_article.meta.title.startswith("Birds at risk")


def test_ingest_json_array_and_field_mapping(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(
        json.dumps({"articles": [{"uid": "x1", "story": BODY, "paper": "Hallam Courier", "when": 1677834902}]})
    )
    report = analyze([str(path)], options=_opts({"outlet": "paper", "published": "when", "id": "uid"}))
    (article,) = report.articles
    assert (article.meta.outlet, article.meta.input_id, article.meta.published) == (
        "Hallam Courier",
        "x1",
        "2023-03-03T09:15:02",
    )


def _opts(field_map):
    from corroborator import AnalyzeOptions

    return AnalyzeOptions(ingest=IngestOptions(field_map=field_map))


def test_ingest_warc(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = (Path(__file__).resolve().parents[1] / "examples/demo/03_valley_herald.html").read_bytes()
    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "https://valleyherald.example/x", "response", payload=io.BytesIO(html), http_headers=headers
        )
        writer.write_record(record)
    (article,) = analyze([str(path)]).articles
    assert article.meta.outlet == "Valley Herald"
    assert "Ines Varga" in article.text
    assert article.source.endswith("#https://valleyherald.example/x")


def test_ingest_same_text_twice_is_one_article_seen_twice(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "b.txt").write_text(BODY.replace("  ", " ").upper())  # case and spacing do not change the id
    report = analyze([str(tmp_path)])
    assert len(report.articles) == 1
    assert report.articles[0].seen_as == (str(tmp_path / "b.txt"),)


def test_ingest_ids_do_not_depend_on_order(demo_report):
    from tests.conftest import DEMO

    files = sorted(str(p) for p in DEMO.iterdir())
    reverse = analyze(list(reversed(files)))
    assert sorted(a.id for a in reverse.articles) == sorted(a.id for a in demo_report.articles)


def test_ingest_glob_and_stdin(tmp_path, monkeypatch):
    (tmp_path / "one.txt").write_text(BODY)
    assert len(analyze([str(tmp_path / "*.txt")]).articles) == 1
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(json.dumps({"text": BODY}).encode())))
    (article,) = analyze(["-"]).articles
    assert article.source == "<stdin>:1"  # JSON Lines on stdin: the line number names the record


def test_api_accepts_records():
    report = analyze([{"text": BODY, "title": "Fire", "outlet": "Hallam Courier"}])
    assert report.articles[0].meta.title == "Fire"


# ---- bad input: each gives a reason naming the file, and the batch goes on -------------------


def _skips(inputs, **kw):
    items = list(read_inputs(inputs, IngestOptions(**kw)))
    return [i for i in items if isinstance(i, Skipped)], [i for i in items if isinstance(i, RawArticle)]


def test_bad_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (skip,), _ = _skips([str(tmp_path / "empty.txt")])
    assert skip.source.endswith("empty.txt") and skip.reason == "empty file"


def test_bad_binary_file(tmp_path):
    (tmp_path / "photo.txt").write_bytes(bytes(range(256)) * 40)
    (skip,), _ = _skips([str(tmp_path / "photo.txt")])
    assert "binary" in skip.reason


def test_cp1252_and_utf16_decode(tmp_path):
    text = "Caf\u00e9 owners in Hallam said the \u201cfire\u201d closed the street for two days, police said."
    (tmp_path / "legacy.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "wide.txt").write_bytes(text.encode("utf-16"))  # with a BOM
    skips, raws = _skips([str(tmp_path)])
    assert skips == []
    assert all("Caf\u00e9" in r.raw_text and "\u201cfire\u201d" in r.raw_text for r in raws)


def test_bad_file_over_size_limit(tmp_path):
    (tmp_path / "big.txt").write_text(BODY * 100)
    (skip,), _ = _skips([str(tmp_path / "big.txt")], max_bytes=1000)
    assert "over the" in skip.reason and "--max-bytes" in skip.reason


def test_bad_json_lines_skip_only_the_bad_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": BODY}) + "\n{not json\n" + json.dumps({"body": BODY + "More."}) + "\n")
    (skip,), raws = _skips([str(path)])
    assert skip.source == f"{path}:2" and "malformed JSON on line 2" in skip.reason
    assert len(raws) == 2


def test_bad_csv_without_text_column(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("headline,link\nFire,https://x.example\n")
    (skip,), raws = _skips([str(path)])
    assert (
        raws == []
        and "no text column" in skip.reason
        and "headline, link" in skip.reason
        and "--field text=" in skip.reason
    )


def test_bad_unreadable_paths(tmp_path, monkeypatch):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    skips, _ = _skips([str(tmp_path / "missing.txt"), str(tmp_path / "gone.txt")])
    assert [s.reason for s in skips] == ["no such file or directory"] * 2
    locked = tmp_path / "locked.txt"
    locked.write_text(BODY)
    real_open = open

    def deny(path, *args, **kwargs):  # root ignores chmod 000, so deny the read the way the OS would
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    (skip,), _ = _skips([str(locked)])
    assert skip.reason == "cannot read: permission denied"


def test_bad_html_all_navigation(tmp_path):
    links = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(40))
    (tmp_path / "index.html").write_text(f"<html><body><nav><ul>{links}</ul></nav></body></html>")
    (skip,), _ = _skips([str(tmp_path / "index.html")])
    assert "no article text found" in skip.reason


def test_bad_inputs_do_not_sink_the_batch_and_are_never_modified(tmp_path):
    (tmp_path / "good.txt").write_text(BODY)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.jsonl").write_text("{oops\n")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    report = analyze([str(tmp_path)])
    assert len(report.articles) == 1 and len(report.skipped) == 2
    assert report.to_dict()["stats"]["skipped"] == 2
    assert before == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
