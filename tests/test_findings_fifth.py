"""Findings, fifth round (issue 13): unique claims read names from the entity model, hedges and lines addressed
to the reader are not passages, numbers of different times are not one slot, and one claim credited to two
different outlets is an attribution conflict. Test texts are our own; the seeds are read from ../shared."""

from __future__ import annotations

from pathlib import Path

from corroborator import analyze
from corroborator.findings import _context_year
from tests.test_claims_findings import FERRY, _numeric_between


def _by_name(report):
    return {Path(a.source).name[:3]: a.id for a in report.articles}


def test_seeds_credit_split_between_two_outlets(seed_report):
    # The desertion of 18 soldiers: 003 credits Ukrainska Pravda, Newsweek (001, and its rewrite 000) and 002
    # credit Suspilne. One finding for the claim, ranked below the altered quote, inside the top 5 with 004's unique
    # Gerasimov claim.
    ids = _by_name(seed_report)
    (split,) = [f for f in seed_report.findings if f.kind == "attribution_conflict"]
    assert set(split.details["credits"]) == {"Ukrainska Pravda", "Suspilne"}
    assert ids["003"] in split.articles and ({ids["001"], ids["002"]} & set(split.articles))
    assert any("18" in e.text for e in split.evidence)
    top5 = [f for f in seed_report.findings if f.top][:5]
    kinds = [f.kind for f in top5]
    assert "altered_quote" in kinds and "attribution_conflict" in kinds
    assert kinds.index("altered_quote") < kinds.index("attribution_conflict")
    assert any(f.kind == "unique_claim" and f.articles == (ids["004"],) and "Gerasimov" in f.summary for f in top5)


def _ferry_story(extra: dict[str, str]):
    texts = {k: [*v, *([extra[k]] if k in extra else [])] for k, v in FERRY.items()}
    return analyze([{"text": " ".join(v), "outlet": k, "published": "2026-04-04"} for k, v in texts.items()])


_VARGA = "Elin Varga, the skipper of the Kelso, told investigators from Halden Marine Safety that a pump had failed."


def _unique_citing(extra: dict[str, str], words: str) -> bool:
    report = _ferry_story(extra)
    unique = [f for f in report.findings if f.kind == "unique_claim"]
    assert any("Carrow Lines" in f.summary for f in unique)  # the entity model keeps the operator, an organisation
    return any(words in e.text for f in unique for e in f.evidence)


def test_unique_claim_names_what_only_one_outlet_reports():
    # Only Coast Today names the skipper and the safety body: a unique claim.
    assert _unique_citing({"Coast Today": _VARGA}, "Elin Varga")


def test_unique_claims_skip_questions_and_lines_addressed_to_the_reader():
    # The same report asked as a question, or told to the reader ("as you may have heard"), states nothing.
    question = (
        "Did Elin Varga, the skipper of the Kelso, tell investigators from Halden Marine Safety that a pump failed?"
    )
    assert not _unique_citing({"Coast Today": question}, "Elin Varga")
    to_reader = "As you may have heard, " + _VARGA
    assert not _unique_citing({"Coast Today": to_reader}, "Elin Varga")


def test_counts_of_different_times_are_not_one_slot():
    # "three times since October" counts a window, "four times" a whole record: both may be true. Without the
    # window the two counts of one man's arrests conflict.
    four = "Rowan Pike, who designed the toll scheme, had been arrested four times on fraud charges."
    since = "Rowan Pike, who designed the toll scheme, has been arrested three times since October on fraud charges."
    assert not _numeric_between(since, four)
    (conflict,) = _numeric_between(since.replace(" since October", ""), four)
    assert {e.text for e in conflict.evidence} == {"three", "four"}


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
