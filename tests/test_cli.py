from __future__ import annotations

import json

from typer.testing import CliRunner

import corroborator
from corroborator.cli import app
from tests.conftest import DEMO

runner = CliRunner()


def test_cli_analyze_demo_writes_report(tmp_path):
    result = runner.invoke(app, ["analyze", str(DEMO), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["schema"] == "corroborator/report-v1"
    assert set(report) >= {"articles", "stories", "relations", "claims", "findings", "skipped"}
    assert report["stats"]["articles"] == 6 and report["skipped"] == []
    article = report["articles"][0]
    assert set(article) >= {
        "id",
        "source",
        "input_id",
        "outlet",
        "title",
        "published",
        "url",
        "author",
        "language",
        "text",
        "removed",
        "sentences",
        "quotes",
        "attributions",
    }
    quote = next(q for a in report["articles"] for q in a["quotes"])
    text = next(a["text"] for a in report["articles"] if quote in a["quotes"])
    assert text[quote["start"] : quote["end"]].startswith(quote["text"][:20])


def test_cli_json_to_stdout(tmp_path):
    result = runner.invoke(app, ["analyze", str(DEMO / "01_harbour_gazette.txt"), "--json", "-", "-q"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["articles"][0]["outlet"] == "The Harbour Gazette"


def test_cli_exit_codes(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    nothing = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), "-o", str(tmp_path / "o1")])
    assert nothing.exit_code == 1 and "empty file" in nothing.output
    (tmp_path / "ok.txt").write_text((DEMO / "01_harbour_gazette.txt").read_text())
    some = runner.invoke(app, ["analyze", str(tmp_path), "-o", str(tmp_path / "o2")])
    assert some.exit_code == 0
    strict = runner.invoke(app, ["analyze", str(tmp_path), "-o", str(tmp_path / "o3"), "--strict"])
    assert strict.exit_code == 1
    bad_field = runner.invoke(app, ["analyze", str(tmp_path), "--field", "body"])
    assert bad_field.exit_code == 2 and "ROLE=COLUMN" in bad_field.output


def test_cli_refuses_to_overwrite_an_input(tmp_path):
    target = tmp_path / "mine.json"
    target.write_text('{"text": "A reporter wrote this and wants to keep it, the desk said."}')
    result = runner.invoke(app, ["analyze", str(target), "--json", str(target)])
    assert result.exit_code == 2 and "refusing" in result.output
    assert "wants to keep it" in target.read_text()


def test_public_api_all_is_sorted_and_complete():
    assert corroborator.__all__ == sorted(corroborator.__all__)
    public = {n for n in dir(corroborator) if not n.startswith("_") and n[0].isupper()}
    assert public - {"Path"} <= set(corroborator.__all__)
    for name in corroborator.__all__:
        assert hasattr(corroborator, name)


def test_cli_compare_shows_alignment_and_verdict(seeds_dir):
    a = next(seeds_dir.glob("000_*.txt"))
    b = next(seeds_dir.glob("001_*.txt"))
    result = runner.invoke(app, ["compare", str(a), str(b)], terminal_width=160)
    assert result.exit_code == 0, result.output
    assert "rewrite" in result.output and "original: B" in result.output
    assert "paraphrase" in result.output and "Some 18 North Korean" in result.output
    as_json = runner.invoke(app, ["compare", str(a), str(b), "--json", "-"])
    relation = json.loads(as_json.stdout)
    assert relation["kind"] == "rewrite" and relation["evidence"]["passages"]


def test_cli_compare_needs_two_articles(seeds_dir):
    a = next(seeds_dir.glob("000_*.txt"))
    result = runner.invoke(app, ["compare", str(a), str(a)])
    assert result.exit_code == 2 and "two different articles" in result.output
