"""The typed records between stages, the report's JSON round trip, and the options record."""

from __future__ import annotations

import dataclasses
import json

import pytest

from corroborator import AnalyzeOptions, Report, analyze
from corroborator.errors import UsageError
from corroborator.options import RelateOptions, StoryOptions
from corroborator.types import (
    Alignment,
    Claim,
    Direction,
    EvidenceSpan,
    Finding,
    Passage,
    Relation,
    Story,
)
from tests.conftest import DEMO


@pytest.mark.parametrize("fixture", ["seed_report", "demo_report"])
def test_report_round_trips_through_json(fixture, request):
    report = request.getfixturevalue(fixture)
    again = Report.from_dict(json.loads(report.to_json()))
    assert again == report
    assert again.to_dict() == report.to_dict()


def test_report_records_are_frozen(demo_report):
    for record in (demo_report, demo_report.stories[0], demo_report.relations[0], demo_report.claims[0]):
        field = dataclasses.fields(record)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, field, None)
    assert isinstance(demo_report.relations[0].alignment.pairs, tuple)
    with pytest.raises(TypeError):
        demo_report.relations[0].alignment.coverage_a["verbatim"] = 1.0  # type: ignore[index]


def test_stage_outputs_are_typed(demo_report):
    assert all(isinstance(s, Story) for s in demo_report.stories)
    assert all(isinstance(r, Relation) for r in demo_report.relations)
    assert all(isinstance(c, Claim) for c in demo_report.claims)
    assert all(isinstance(f, Finding) for f in demo_report.findings)
    rel = next(r for r in demo_report.relations if r.kind == "near_duplicate")
    assert isinstance(rel.alignment, Alignment) and isinstance(rel.direction, Direction)
    assert rel.original == rel.direction.original and rel.other(rel.a) == rel.b


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Passage(0, 0, "copied", 0.9, 1.0), "passage label must be one of: verbatim"),
        (lambda: Finding("f", "oops", None, (), None, "", 0.5, ()), "finding kind must be one of: altered_quote"),
        (
            lambda: Relation("a", "b", "copy", 1.0, "", Alignment((), {}, {}, 1.0), Direction(None, 0.0, ())),
            "relation kind must be one of: duplicate",
        ),
    ],
)
def test_records_refuse_unknown_kinds_and_list_the_valid_ones(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_finding_details_are_frozen_and_serialised_beside_the_common_fields():
    f = Finding(
        "f-1",
        "altered_quote",
        "s-1",
        ("a",),
        None,
        "changed",
        0.9,
        (EvidenceSpan("a", 0, 4, "text"),),
        {"diff": [{"op": "replace", "a": "x", "b": "y"}], "speaker": "Ines Varga"},
    )
    with pytest.raises(TypeError):
        f.details["speaker"] = "someone else"  # type: ignore[index]
    from corroborator.report import finding_dict

    data = finding_dict(f)
    assert data["speaker"] == "Ines Varga" and data["diff"] == [{"op": "replace", "a": "x", "b": "y"}]


def _sentences(n: int, topic: str) -> list[str]:
    """n distinct sentences, each naming a number so no two are alike."""
    return [
        f"The {topic} inspectors counted {k + 7} damaged pylons along section {k + 3} of the line." for k in range(n)
    ]


def test_claims_see_every_aligned_sentence_of_a_long_pair():
    # Two 60-sentence articles, the second a verbatim copy of the first: every sentence is aligned, and
    # every sentence joins a two-article claim, including those past the 50th (the old display cut).
    body = " ".join(_sentences(60, "grid"))
    report = analyze(
        [
            {"text": body, "outlet": "Upland Times", "published": "2026-03-01"},
            {"text": body + " A reader sent photographs of the damage.", "outlet": "Lowland Post"},
        ]
    )
    (rel,) = report.relations
    assert len(rel.alignment.pairs) >= 60
    shared = [c for c in report.claims if len(c.articles) == 2]
    assert len(shared) == 60
    late = [c for c in shared if all(m.sentence >= 50 for m in c.mentions)]
    assert len(late) == 10


def test_options_validate_on_construction_with_the_valid_values():
    with pytest.raises(UsageError, match=r"StoryOptions.threshold must be a number from 0 to 1 \(got 1.5\)"):
        StoryOptions(threshold=1.5)
    with pytest.raises(UsageError, match=r"RelateOptions\.enabled must be true or false"):
        RelateOptions(enabled="no")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match=r"--max-bytes \(ingest.max_bytes\) must be a positive number of bytes"):
        AnalyzeOptions().with_overrides({"ingest.max_bytes": "-5"})


def test_overrides_reach_every_stage_and_name_the_valid_settings():
    options = AnalyzeOptions().with_overrides(
        {
            "stories.threshold": "0.4",
            "relate.enabled": "false",
            "relate.min_cosine": "0.5",
            "claims.min_words": "6",
            "findings.unique_max_cosine": "0.7",
            "clean.repeated_min_corpus": "5",
            "model": "some/model",
        }
    )
    assert options.stories.threshold == 0.4 and options.relate.enabled is False
    assert options.relate.min_cosine == 0.5 and options.claims.min_words == 6
    assert options.findings.unique_max_cosine == 0.7 and options.clean.repeated_min_corpus == 5
    assert options.model == "some/model"
    with pytest.raises(UsageError, match="stages: ingest, clean, sources, stories, relate, claims, findings"):
        options.with_overrides({"storys.threshold": "0.3"})
    with pytest.raises(UsageError, match="stories settings: threshold, embedding_weight"):
        options.with_overrides({"stories.treshold": "0.3"})
    with pytest.raises(UsageError, match="is not a valid int"):
        options.with_overrides({"claims.min_words": "many"})


def test_a_setting_changes_the_result(demo_report):
    # A story threshold no two articles reach: every article is its own story.
    report = analyze([str(DEMO)], AnalyzeOptions().with_overrides({"stories.threshold": "0.99"}))
    assert len(report.stories) == len(report.articles) > len(demo_report.stories)


def test_records_and_options_pickle(demo_report):
    # Workers (dedup, Ray, the web UI's pool) receive records and options by pickling.
    import pickle

    assert pickle.loads(pickle.dumps(demo_report)) == demo_report
    options = AnalyzeOptions().with_overrides({"ingest.field_map": "text=body"})
    assert pickle.loads(pickle.dumps(options)) == options


def test_report_json_text_is_the_standard_encoders(seed_report):
    # report.json is written by orjson for speed; its text must be what json.dumps(indent=2) writes, byte for
    # byte (non-ASCII kept as is: the seeds' curly quotes and dashes).
    text = seed_report.to_json()
    assert text == json.dumps(seed_report.to_dict(), ensure_ascii=False, indent=2)
    assert any(ord(ch) > 127 for ch in text)
