"""Findings, fifth round (issue 13): unique claims read names from the entity model, hedges and lines addressed
to the reader are not passages, numbers of different times are not one slot, and one claim credited to two
different outlets is an attribution conflict. Test texts are our own; the seeds are read from ../shared."""

from __future__ import annotations

from pathlib import Path

from corroborator import analyze
from corroborator.findings import _context_year, _WITHIN
from tests.test_claims_findings import FERRY, _numeric_between


def _by_name(report):
    return {Path(a.source).name[:3]: a.id for a in report.articles}


def test_seeds_credit_split_between_two_outlets(seed_report):
    # The desertion of 18 soldiers: 003 credits Ukrainska Pravda, Newsweek (001, and its rewrite 000) credits
    # Suspilne. One finding for the claim, ranked below the altered quote, inside the top 5 with 004's unique
    # Gerasimov claim.
    ids = _by_name(seed_report)
    (split,) = [f for f in seed_report.findings if f.kind == "attribution_conflict"]
    assert set(split.details["credits"]) == {"Ukrainska Pravda", "Suspilne"}
    assert ids["003"] in split.articles and ids["001"] in split.articles
    assert any("18" in e.text for e in split.evidence)
    top5 = [f for f in seed_report.findings if f.top][:5]
    kinds = [f.kind for f in top5]
    assert "altered_quote" in kinds and "attribution_conflict" in kinds
    assert kinds.index("altered_quote") < kinds.index("attribution_conflict")
    assert any(f.kind == "unique_claim" and f.articles == (ids["004"],) and "Gerasimov" in f.summary for f in top5)


def _ferry_story(extra: dict[str, str]):
    texts = {k: [*v, *([extra[k]] if k in extra else [])] for k, v in FERRY.items()}
    return analyze([{"text": " ".join(v), "outlet": k, "published": "2026-04-04"} for k, v in texts.items()])


def test_unique_claims_skip_hedges_and_lines_to_the_reader_but_keep_named_actors():
    # Both added sentences name someone no other outlet names (Tarn Ferries Ltd, Elin Varga) beside the story's
    # own ferry, but one speaks to the reader and the other is a guess ("is likely to"): nothing to check.
    # The Tarn Weekly's operator, Carrow Lines, is an organisation the entity model finds: still unique.
    report = _ferry_story(
        {
            "Radio Tarn": "If you were on the Kelso, Tarn Ferries Ltd asks you to call its helpline in Brenmouth.",
            "Coast Today": "Skipper Elin Varga of the Kelso is likely to face questions from the Marine Accident Branch.",
        }
    )
    unique = [f for f in report.findings if f.kind == "unique_claim"]
    cited = " ".join(e.text for f in unique for e in f.evidence)
    assert "Tarn Ferries" not in cited and "Elin Varga" not in cited
    assert any("Carrow Lines" in f.summary for f in unique)


def test_unique_claim_raised_without_the_hedge():
    # The control of the test above: the same sentence stated as a fact is a unique claim naming the skipper.
    report = _ferry_story(
        {"Coast Today": "Skipper Elin Varga of the Kelso was questioned by the Marine Accident Branch on Saturday."}
    )
    unique = [f for f in report.findings if f.kind == "unique_claim"]
    assert any("Elin Varga" in e.text for f in unique for e in f.evidence)


def test_counts_of_different_times_are_not_one_slot():
    bounded_a = "Rowan Pike, who designed the toll scheme, has been arrested three times since October on fraud charges."
    bounded_b = "Rowan Pike, who designed the toll scheme, had been arrested four times on fraud charges."
    assert not [f for f in _numeric_between(bounded_a, bounded_b) if "three" in str([e.text for e in f.evidence])]
    assert _WITHIN.match(" times since October on", 0) is not None
    assert _WITHIN.match(" times on fraud charges", 0) is None


def test_context_year_reads_the_sentences_before_the_number():
    report = analyze(
        [
            {
                "text": "The contractor was fined by the council in 2019 for late work. "
                "A year later it lost its licence. It was ordered to pay 40,000 pounds.",
                "outlet": "Harbour Gazette",
            }
        ]
    )
    art = report.articles[0]
    from corroborator.facts.quantities import extract_quantities

    (q,) = [q for q in extract_quantities(art.text) if q.value == 40000]
    assert _context_year(art, q) == "2019"
    (q2,) = [q for q in extract_quantities(art.text) if q.value == 2019]
    assert _context_year(art, q2) is None
