"""Canonical sources, article labels, speakers and content spans (issue 11), on texts written for these tests."""

from __future__ import annotations

import json

import pytest

from corroborator import analyze
from corroborator.articles import build_article
from corroborator.embed import ModelError
from corroborator.errors import UsageError
from corroborator.options import AnalyzeOptions, RelateOptions, SourceOptions
from corroborator.parser import parser_for
from corroborator.report import Report
from corroborator.sources import load_outlets
from corroborator.types import Metadata, RawArticle

NO_RELATE = AnalyzeOptions(relate=RelateOptions(enabled=False))


def _report(records: list[dict], options: AnalyzeOptions = NO_RELATE) -> Report:
    return analyze(records, options)


def _source_names(report: Report) -> dict[str, set[str]]:
    """Canonical name -> every name an attribution or quote gave for it."""
    by_id = {s.id: s.name for s in report.sources}
    out: dict[str, set[str]] = {}
    for art in report.articles:
        for att in art.attributions:
            out.setdefault(by_id[att.source_id], set()).add(att.source)
    return out


def test_surname_joins_the_full_name_across_articles():
    report = _report(
        [
            {"text": "Donald Trump said the wall would be finished by spring. Aides disagreed in private."},
            {"text": "The plan is late. Trump said on Tuesday that the wall would be finished by spring."},
        ]
    )
    (trump,) = [s for s in report.sources if s.name == "Donald Trump"]
    assert trump.kind == "person" and "Trump" in trump.aliases
    assert len(trump.articles) == 2


def test_shared_surname_is_not_merged_into_either_person():
    report = _report(
        [
            {"text": "Donald Trump said the wall would be finished by spring."},
            {"text": "Melania Trump said the garden would open to visitors in May."},
            {"text": "The visit was short. Trump said he was pleased with the crowd in the hall."},
        ]
    )
    names = {s.name for s in report.sources}
    assert {"Donald Trump", "Melania Trump", "Trump"} <= names  # two people share it: "Trump" stays apart


def test_publication_aliases_are_one_source():
    report = _report(
        [
            {"text": "The New York Times reported that the harbour would close for a week of repairs."},
            {"text": "According to NYT, the harbour will close for a week. The mayor declined to comment."},
            {"text": "The harbour will shut for repairs, nyt reported on Monday."},
        ]
    )
    (times,) = [s for s in report.sources if "NYT" in s.aliases or s.name == "NYT"]
    assert times.name in {"The New York Times", "New York Times"}
    assert times.kind == "publication"
    assert len(times.articles) == 3, [(s.name, s.articles) for s in report.sources]


def test_credit_to_an_outlet_points_at_its_article_in_the_batch():
    report = _report(
        [
            {"outlet": "The Harbour Gazette", "text": "The east pier has two cracks, engineers found on Monday."},
            {"outlet": "Valley Herald", "text": "The east pier is cracked, the Harbour Gazette reported on Monday."},
        ]
    )
    gazette_article = next(a.id for a in report.articles if a.label == "The Harbour Gazette")
    (gazette,) = [s for s in report.sources if s.name in {"Harbour Gazette", "The Harbour Gazette"}]
    assert gazette.published == (gazette_article,)


def test_unnamed_sources_stay_apart_across_articles():
    report = _report(
        [
            {"text": "Officials said the bridge was safe. Sources said the repairs would take a month."},
            {"text": "Sources said the ferry would run again on Friday after a week in dock."},
        ]
    )
    sources = [s for s in report.sources if s.name.lower() == "sources"]
    assert len(sources) == 2 and all(s.kind == "description" for s in sources)


def test_labels_never_a_path_or_headline_and_unique():
    report = _report(
        [
            {
                "title": "Pier cracks found",
                "url": "https://www.harbourgazette.example/a/1",
                "text": "The pier is shut.",
            },
            {"title": "Pier cracks found again", "text": "By Ann Lee for Valley Herald\n\nThe pier is still shut."},
            {"outlet": "Coast Radio", "text": "The pier will reopen in June."},
            {"outlet": "Coast Radio", "text": "The ferry will run again in July."},
        ]
    )
    labels = [a.label for a in report.articles]
    assert labels == ["harbourgazette.example", "Valley Herald", "Coast Radio", "Coast Radio #2"]


def test_label_from_a_file_is_its_name_without_folders(tmp_path):
    path = tmp_path / "deep" / "folder" / "pier-story.txt"
    path.parent.mkdir(parents=True)
    path.write_text("Pier Cracks Found At Dawn\n\nThe east pier has two cracks, the council said.\n", encoding="utf-8")
    (art,) = analyze([str(path)], NO_RELATE).articles
    assert art.label == "pier-story.txt" and "/" not in art.label


def test_outlets_file_names_the_outlet(tmp_path):
    outlets = tmp_path / "outlets.csv"
    outlets.write_text("name,aliases,domains\nThe Harbour Gazette,HG;Gazette,harbourgazette.example\n", "utf-8")
    report = _report(
        [
            {"url": "https://harbourgazette.example/a/1", "text": "The pier is shut for a week of repairs."},
            {"text": "The pier is shut, HG reported on Monday, citing the port authority."},
        ],
        AnalyzeOptions(relate=RelateOptions(enabled=False), sources=SourceOptions(outlets=str(outlets))),
    )
    assert report.articles[0].label == "The Harbour Gazette"
    (gazette,) = [s for s in report.sources if s.name == "The Harbour Gazette" or "HG" in s.aliases]
    assert gazette.published == (report.articles[0].id,)


def test_bad_outlets_file_names_the_file(tmp_path):
    bad = tmp_path / "outlets.csv"
    bad.write_text("outlet,domain\nX,x.example\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"outlets\.csv.*'name' column"):
        load_outlets(bad)


def _article(text: str):
    return build_article(RawArticle(source="t.txt", raw_text=text, meta=Metadata()))


def test_quote_interrupted_by_its_speaker_is_one_quote():
    article = _article(
        "\u201cThe eastern pier has two cracks,\u201d harbour engineer Tom Baird said. "
        "\u201cNobody should drive over it until we know more. We will check again on Friday.\u201d"
    )
    (quote,) = article.quotes
    assert quote.speaker == "Tom Baird"
    assert quote.text.startswith("The eastern pier") and quote.text.endswith("on Friday.")


def test_quote_paragraph_after_a_colon_keeps_the_speaker():
    article = _article(
        "Tom Baird, the harbour engineer, described the damage in detail. He said:\n\n"
        "\u201cThe eastern pier has two cracks and the western one has none. Nobody should drive over it.\u201d"
    )
    (quote,) = article.quotes
    assert quote.speaker == "Tom Baird"


def test_quote_paragraphs_following_an_attributed_quote_keep_its_speaker():
    article = _article(
        "\u201cThe eastern pier has two cracks,\u201d Lena Ortiz said.\n\n"
        "\u201cWe found them at dawn, and the divers confirmed both of them by noon on the same day.\u201d"
    )
    assert [q.speaker for q in article.quotes] == ["Lena Ortiz", "Lena Ortiz"]


def test_new_york_times_style_double_apostrophes_are_quotes():
    article = _article("''We found two cracks at dawn,'' said Tom Baird, the harbour engineer.")
    (quote,) = article.quotes
    assert (quote.speaker, quote.text) == ("Tom Baird", "We found two cracks at dawn")


def test_content_span_is_the_reported_clause():
    text = "Harbour engineer Tom Baird said that the eastern pier would stay closed until June."
    (att,) = _article(text).attributions
    assert text[att.content_start : att.content_end] == "the eastern pier would stay closed until June"
    assert text[att.source_start : att.source_end] == "Harbour engineer Tom Baird"


def test_report_json_carries_the_contract_and_round_trips():
    report = _report(
        [{"text": "\u201cThe eastern pier has two cracks,\u201d Lena Ortiz said. Officials said it would reopen."}]
    )
    data = json.loads(report.to_json())
    att = data["articles"][0]["attributions"][0]
    assert set(att) >= {"source_span", "content", "source_id"}
    quote = data["articles"][0]["quotes"][0]
    assert quote["speaker_span"] is not None
    assert quote["speaker_id"] in {s["id"] for s in data["sources"]}
    assert {"id", "name", "kind", "aliases", "affiliation", "articles"} <= set(data["sources"][0])
    assert data["models"]["parser"]
    again = Report.from_dict(data)
    assert again.sources == report.sources and again.articles[0].quotes == report.articles[0].quotes


def test_affiliation_from_title_and_organisation():
    report = _report([{"text": "Tideline director Paul Okafor said the pier would reopen in June."}])
    (okafor,) = [s for s in report.sources if s.name == "Paul Okafor"]
    assert (okafor.kind, okafor.affiliation) == ("person", "Tideline")


def test_a_missing_parser_model_is_an_error_naming_what_to_install():
    with pytest.raises(ModelError, match="en_core_web_sm"):
        parser_for("no_such_spacy_model_for_tests")


def test_rules_are_chosen_by_name_not_by_fallback():
    rules = parser_for("rules")
    assert rules.nlp is None and "rules" in rules.loaded_from
    report = analyze(
        [{"text": "Officials said the pier would reopen."}],
        AnalyzeOptions(relate=RelateOptions(enabled=False), sources=SourceOptions(parser="rules")),
    )
    assert report.models["parser"] == rules.loaded_from


def test_pronoun_takes_the_nearest_person_of_its_gender():
    text = (
        "Mr. Tom Baird said the eastern pier had two cracks. "
        "Lena Ortiz, a council spokeswoman, said repairs would start on Monday. "
        "He added that divers would inspect the western pier as well."
    )
    atts = _article(text).attributions
    (he,) = [a for a in atts if a.source_text == "He"]
    assert he.source == "Tom Baird"
    she_text = text.replace("He added", "She added")
    (she,) = [a for a in _article(she_text).attributions if a.source_text == "She"]
    assert she.source == "Lena Ortiz"


def test_pronoun_with_another_titled_person_between_names_no_one():
    text = (
        "Tom Baird said the eastern pier had two cracks. Later that day Mayor Ann Lee visited the harbour. "
        "She said the pier would reopen in June."
    )
    report = _report([{"text": text}])
    (she,) = [a for a in report.articles[0].attributions if a.source_text == "She"]
    assert she.source_id is None  # Ann Lee was named, not credited: "She" could be her; no name is given
