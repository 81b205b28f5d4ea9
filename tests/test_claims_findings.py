"""Claims, independent sources and findings.

What is really in the seeds, read by us:
- 000 is a rewrite of Newsweek's 001 and changes the words of Defense Minister Kim Yong-hyun's quote
  ("Given that ... resembling ... the likelihood of troop deployments is quite high" vs "As ... akin to ...
  the possibility of such a deployment is highly likely"): an altered quote, made by the copy.
- 002 spells the broadcaster "Suspiline"; the others write "Suspilne": one source, two spellings.
- Only Newsweek (and its rewrite 000) reports Kim's remark on casualty reports, via Yonhap.
- The numbers agree across outlets once rounding and units are allowed for (18 soldiers; 7 km, 4.4 miles,
  "about four miles"; six officers killed on October 3; up to / about 3,000): no numeric or date conflict.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborator import analyze
from corroborator.facts.quantities import extract_quantities, same_quantity_value
from corroborator.findings import word_diff


def _by_name(report):
    return {Path(a.source).name[:3]: a.id for a in report.articles}


def _kinds(report):
    return [f.kind for f in report.findings]


def test_seeds_altered_quote_made_by_the_rewrite(seed_report):
    ids = _by_name(seed_report)
    (finding,) = [f for f in seed_report.findings if f.kind == "altered_quote"]
    assert finding.details["speaker"] == "Kim Yong-hyun"
    assert finding.evidence[0].article == ids["001"]  # the original's words are the reference
    assert finding.evidence[1].article == ids["000"]
    assert finding.confidence >= 0.75 and "rewrite" in finding.summary
    changed = {(d["a"], d["b"]) for d in finding.details["diff"]}
    assert ("As", "Given that") in changed or any("akin" in a for a, _ in changed)


def test_seeds_name_variant_and_no_false_conflicts(seed_report):
    kinds = _kinds(seed_report)
    (variant,) = [f for f in seed_report.findings if f.kind == "name_variant"]
    assert "Suspiline" in variant.summary and "Suspilne" in variant.summary
    # (The credit split Ukrainska Pravda / Suspilne is the seeds' one attribution conflict: test_findings_fifth.)
    for kind in ("numeric_conflict", "date_conflict", "meaning_change", "unsupported_headline"):
        assert kind not in kinds, [f.summary for f in seed_report.findings if f.kind == kind]


def test_seeds_unique_claims_one_per_outlet(seed_report):
    # Kim's remark on casualty reports via Yonhap is Newsweek's alone (its rewrite 000 is a copy of it, so the
    # finding sits at the original); Gerasimov thanking North Korean forces is 004's alone. One finding per
    # outlet lists its passages.
    ids = _by_name(seed_report)
    unique = [f for f in seed_report.findings if f.kind == "unique_claim"]
    assert len({f.articles for f in unique}) == len(unique)  # one per outlet
    by_article = {f.articles[0]: f for f in unique}
    assert any("Yonhap" in e.text for e in by_article[ids["001"]].evidence)
    assert any("Gerasimov" in e.text for e in by_article[ids["004"]].evidence)
    assert ids["000"] not in by_article  # the copy's passages are its original's


def test_seeds_every_evidence_span_is_in_its_article(seed_report):
    texts = {a.id: a.text for a in seed_report.articles}
    for finding in seed_report.findings:
        for ev in finding.evidence:
            if ev.field != "title":
                assert texts[ev.article][ev.start : ev.end] == ev.text
    for claim in seed_report.claims:
        for m in claim.mentions:
            assert texts[m.article][m.start : m.end] == m.text


def test_seeds_liga_claim_has_one_independent_origin(seed_report):
    ids = _by_name(seed_report)
    claim = next(c for c in seed_report.claims if "LIGA" in c.text and len(c.articles) == 2)
    assert set(claim.articles) == {ids["000"], ids["001"]}
    assert claim.independent_sources == 1 and claim.origins[0].name == "LIGA"
    assert claim.explanation.startswith("2 articles, 1 independent origin: LIGA")


def test_demo_findings(demo_report):
    by_outlet = {a.meta.outlet: a.id for a in demo_report.articles}
    numeric = [f for f in demo_report.findings if f.kind == "numeric_conflict"]
    assert len(numeric) == 1
    assert {e.text for e in numeric[0].evidence} == {"12 tonnes", "15 tonnes"}
    assert not any("7.5 miles" in e.text for f in numeric for e in f.evidence)  # 12 km = 7.5 miles agree
    (quote,) = [f for f in demo_report.findings if f.kind == "altered_quote"]
    assert quote.evidence[1].article == by_outlet["Valley Herald"]
    assert {"op": "replace", "a": "stay closed until", "b": "reopen on"} in quote.details["diff"]
    unique = [f for f in demo_report.findings if f.kind == "unique_claim"]
    assert any("second vessel" in e.text for f in unique for e in f.evidence)
    assert list(demo_report.findings) == sorted(demo_report.findings, key=lambda f: -f.importance)
    top = [f.kind for f in demo_report.findings[:2]]
    assert sorted(top) == ["altered_quote", "numeric_conflict"]  # the two a reader must see first


def test_demo_independent_sources(demo_report):
    varga = next(c for c in demo_report.claims if "Ines Varga" in c.text)
    assert len(varga.articles) == 5 and varga.independent_sources == 1
    lead = next(c for c in demo_report.claims if c.text.startswith("The cargo ship MV Saltmarsh ran aground"))
    labels = [o.name for o in lead.origins]
    assert "The Harbour Gazette and 2 copies of it" in labels  # the wire copy and the rewrite collapse into it
    assert lead.independent_sources == len(labels) < len(lead.articles)


# ---- hand-written cases, one per rule ---------------------------------------------------------------


def _story(*records):
    return analyze([dict(r) for r in records])


BRIDGE_A = [
    "Engineers found two cracks in the eastern pier of the Dunmore road bridge on Monday morning.",
    "The bridge was closed to all traffic on March 3, 2026, the county council said in a statement.",
    "Drivers face a nine-mile diversion through Hallam while the pier is repaired.",
    "A lorry struck the pier on Sunday night, and its driver was treated in hospital for minor injuries.",
]
BRIDGE_B = [
    "Council leader Ruth Aldane said the repairs would take at least two weeks.",
    "Dunmore's road bridge was shut to vehicles on March 5, 2026, according to the county council.",
    "Two cracks were discovered in the bridge's eastern pier after a lorry hit it late on Sunday.",
    "Bus routes through Dunmore have been changed until the bridge reopens.",
]


def test_date_conflict_between_independent_reports():
    report = _story(
        {"text": " ".join(BRIDGE_A), "outlet": "Hallam Courier", "published": "2026-03-06"},
        {"text": " ".join(BRIDGE_B), "outlet": "Radio Dunmore", "published": "2026-03-06"},
    )
    dates = [f for f in report.findings if f.kind == "date_conflict"]
    assert len(dates) == 1
    assert {e.text for e in dates[0].evidence} == {"March 3, 2026", "March 5, 2026"}


def test_different_quantities_are_not_a_conflict():
    a = [
        "Police said 200 officers were deployed around the Hallam stadium on Saturday after the bomb threat.",
        "The match was abandoned at half time and the stands were emptied within an hour.",
    ]
    b = [
        "About 1,500 people were evacuated from the Hallam stadium on Saturday after the bomb threat, police said.",
        "Fans were told to leave by the north gates while officers searched the stands.",
    ]
    report = _story({"text": " ".join(a), "outlet": "Hallam Courier"}, {"text": " ".join(b), "outlet": "Radio Dunmore"})
    assert "numeric_conflict" not in _kinds(report)


def test_meaning_change_when_a_copy_drops_a_negation():
    original = [
        "The county council said the Dunmore road bridge is not safe for pedestrians after a lorry struck its pier.",
        "Engineers found two cracks in the concrete of the eastern pier on Monday morning.",
        "Drivers face a nine-mile diversion through Hallam while repairs are carried out.",
    ]
    copy = [original[0].replace("is not safe", "is safe"), original[1], original[2]]
    report = _story(
        {"text": " ".join(original), "outlet": "Hallam Courier", "published": "2026-03-03T08:00:00"},
        {"text": " ".join(copy), "outlet": "Valley Wire", "published": "2026-03-03T11:00:00"},
    )
    (change,) = [f for f in report.findings if f.kind == "meaning_change"]
    assert list(change.details["changes"]) == ["negation"] and "drops 'not'" in change.summary
    assert "not safe" in change.evidence[0].text and "is safe" in change.evidence[1].text


def test_meaning_change_when_a_copy_hardens_a_hedge():
    original = [
        "Officials said the new ferry terminal at Port Ellery was expected to open in late June after a delay.",
        "The terminal cost 40 million pounds and replaces a pier built in the 1930s.",
        "Local traders welcomed the news but said parking near the harbour remained a problem.",
    ]
    copy = [original[0].replace("was expected to open", "will open"), original[1], original[2]]
    report = _story(
        {"text": " ".join(original), "outlet": "Hallam Courier", "published": "2026-03-03T08:00:00"},
        {"text": " ".join(copy), "outlet": "Valley Wire", "published": "2026-03-03T11:00:00"},
    )
    (change,) = [f for f in report.findings if f.kind == "meaning_change"]
    assert "hedge" in change.details["changes"]
    assert any(d["a"].startswith("was expected") and d["b"] == "will" for d in change.details["diff"])


def test_unsupported_headline_number():
    report = _story(
        {"text": " ".join(BRIDGE_A), "outlet": "Hallam Courier", "title": "Bridge repairs to cost $40 million"},
        {"text": " ".join(BRIDGE_B), "outlet": "Radio Dunmore", "title": "Dunmore bridge shut after lorry strike"},
    )
    (headline,) = [f for f in report.findings if f.kind == "unsupported_headline"]
    assert headline.evidence[0].text == "Bridge repairs to cost $40 million" and "40" in headline.summary


def test_attribution_conflict_on_a_restated_sentence():
    a = [
        "The Dunmore road bridge will stay closed for at least two weeks, the Hallam Courier reported.",
        "Engineers found two cracks in the eastern pier of the Dunmore bridge after a lorry struck it on Sunday night.",
        "Drivers face a nine-mile diversion through Hallam while the pier is repaired, council leader Ruth Aldane said.",
    ]
    b = [
        "The bridge in Dunmore is to remain shut for a minimum of two weeks, Radio Dunmore reported.",
        "A lorry hit the Dunmore bridge late on Sunday, leaving two cracks in its eastern pier.",
        "Ruth Aldane, the council leader, said bus routes through Hallam had been changed until it reopens.",
    ]
    report = _story({"text": " ".join(a), "outlet": "Valley Wire"}, {"text": " ".join(b), "outlet": "Coast FM"})
    (conflict,) = [f for f in report.findings if f.kind == "attribution_conflict"]
    assert "Hallam Courier" in conflict.summary and "Radio Dunmore" in conflict.summary
    # A description on one side may be the person the other side names: not a conflict.
    b[0] = "The bridge in Dunmore is to remain shut for a minimum of two weeks, according to its chief engineer."
    a[0] = "The Dunmore road bridge will stay closed for at least two weeks, according to chief engineer Tom Ashby."
    report = _story({"text": " ".join(a), "outlet": "Valley Wire"}, {"text": " ".join(b), "outlet": "Coast FM"})
    assert not [f for f in report.findings if f.kind == "attribution_conflict"]


# ---- facts ---------------------------------------------------------------------------------------


def test_quantities_convert_round_and_read_words():
    (km,) = extract_quantities("The slick stretched for 12 km along the shore.")
    (miles,) = extract_quantities("The slick covered 7.5 miles of the shore.")
    assert same_quantity_value(km, miles)
    (six,) = extract_quantities("six North Korean officers were killed")
    assert (six.value, six.unit) == (6, "dimensionless")
    (rng,) = extract_quantities("They were given between 44 and 50 mg of the drug.")
    assert (rng.low, rng.high, rng.value, rng.unit) == (44, 50, 47, "milligram")
    (approx,) = extract_quantities("spilled about 15 tonnes of fuel oil")
    assert approx.qualifier == "about" and approx.base_value == 15000
    assert extract_quantities("at 5 a.m. on Monday") == []


def test_relative_dates_resolve_against_publication():
    from datetime import date

    from corroborator.facts.mentions import find_dates

    found = find_dates(
        "LIGA reported on Tuesday that the soldiers left. Last week, the minister spoke.", 0, date(2024, 10, 17)
    )
    assert [(d.text, d.value) for d in found] == [("on Tuesday", "2024-10-15"), ("Last week", "week of 2024-10-07")]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("We have contained the spill.", "We have contained the spill!", []),
        (
            "We have contained most of the spill",
            "We have contained the spill",
            [{"op": "delete", "a": "most of", "b": ""}],
        ),
    ],
)
def test_word_diff(a, b, expected):
    assert word_diff(a, b) == expected


def test_seeds_an_article_counts_once_per_claim(seed_report):
    # One unit per article in a claim, one origin per unit: never more origins than articles.
    for claim in seed_report.claims:
        assert claim.independent_sources <= len(claim.articles), claim.explanation


def test_a_copy_that_drops_the_credit_keeps_its_originals_source():
    sentences = [
        "The ferry Morning Star lost power off Carrow Point late on Sunday, the Harbour Authority said.",
        "Forty-one passengers were taken off by lifeboat crews before midnight.",
        "Tugs towed the vessel back to Carrow harbour on Monday morning.",
        "Engineers from the operator are inspecting the engine room this week.",
        "The operator has cancelled all crossings until Thursday.",
    ]
    original = {"text": " ".join(sentences), "outlet": "Carrow Gazette", "published": "2026-04-06T08:00:00"}
    copied = [sentences[0].replace(", the Harbour Authority said", ""), *sentences[1:]]
    copy = {"text": " ".join(copied), "outlet": "Coast Wire", "published": "2026-04-06T10:00:00"}
    report = analyze([original, copy])
    assert any(r.kind in ("duplicate", "near_duplicate", "rewrite") for r in report.relations)
    (claim,) = [c for c in report.claims if "lost power" in c.text]
    assert len(claim.articles) == 2 and claim.independent_sources == 1, claim.explanation
    assert {m.origin for m in claim.mentions} == {claim.origins[0].id} and claim.origins[0].kind == "source"


def test_the_same_sentence_word_for_word_in_two_outlets_is_one_origin():
    # Two otherwise independent reports share one sentence to the letter and credit nobody for it: that is
    # a shared (wire) source, not two independent confirmations.
    shared = "The bridge over the Calder river will stay closed for repairs until the end of June."
    a = {
        "text": "Engineers found cracks in two of the bridge's steel girders during a routine inspection. "
        + shared
        + " Drivers are being sent through Millbrook, adding twenty minutes to the journey.",
        "outlet": "Calder Times",
        "published": "2026-05-02T09:00:00",
    }
    b = {
        "text": "Commuters in Ellery face longer trips after the council's announcement on Friday. "
        + shared
        + " The ferry operator said it would add two early crossings on weekdays.",
        "outlet": "Ellery Post",
        "published": "2026-05-02T11:00:00",
    }
    report = analyze([a, b])
    (claim,) = [c for c in report.claims if c.text == shared]
    assert len(claim.articles) == 2 and claim.independent_sources == 1, claim.explanation
    assert "same words" in claim.explanation


FERRY = {
    "Tarn Weekly": [
        "The Kelso ferry ran aground on a sandbank near Brenmouth on Friday evening with 64 passengers on board.",
        "Coastguard crews from Brenmouth took everyone off the Kelso by lifeboat within three hours.",
        "Harbour pilot Agnes Morrow, who boarded the Kelso after it stuck, said the tide had turned early.",
        "The operator, Carrow Lines, will pay for hotel rooms for 30 stranded travellers, a spokesman said.",
    ],
    "Brenmouth Echo": [
        "Lifeboats rescued 64 people from the Kelso ferry after it grounded outside Brenmouth harbour on Friday.",
        "Morrow, the harbour pilot, said nobody had been hurt and the hull looked sound.",
        "The ferry is expected to float free on the morning tide, the coastguard said.",
    ],
    "Radio Tarn": [
        "A ferry called the Kelso became stuck on a sandbank off Brenmouth on Friday night.",
        "All passengers were brought ashore safely by the Brenmouth lifeboat crews, the coastguard said.",
        "Salvage tugs will try to pull the Kelso clear when the water rises on Saturday.",
    ],
    "Coast Today": [
        "Passengers spent three hours on the stranded Kelso ferry near Brenmouth before lifeboats reached them.",
        "The coastguard said the vessel would be refloated at high water and towed to port for checks.",
        "Repairs to the harbour wall at Brenmouth were finished in the spring.",
    ],
}


def test_unique_claim_names_the_details_no_other_outlet_has():
    # Only the Tarn Weekly names the operator Carrow Lines and the 30 stranded travellers: one finding, at its
    # passage, listing those details. The pilot's name is not one: the Echo names her too ("Morrow"), and 64
    # passengers and three hours are in other articles. Background that names none of the story's own actors
    # and places (the harbour wall) is not a unique claim.
    report = _story(*({"text": " ".join(v), "outlet": k, "published": "2026-04-04"} for k, v in FERRY.items()))
    assert len(report.stories) == 1
    unique = [f for f in report.findings if f.kind == "unique_claim"]
    by_outlet = {next(a.meta.outlet for a in report.articles if a.id == f.articles[0]): f for f in unique}
    weekly = by_outlet["Tarn Weekly"]
    details = [d for p in weekly.details["passages"] for d in p["details"]]
    assert "Carrow Lines" in details and "30" in details
    assert not any("Morrow" in d or d in ("64", "three hours") for d in details)
    assert "Carrow Lines" in weekly.summary
    assert not any("harbour wall" in e.text for f in unique for e in f.evidence)


def _numeric_between(a: str, b: str) -> list:
    # Two independent reports of the toll (different wording, so neither is a copy), each with one more sentence.
    report = _story(
        {"text": " ".join([*_TOLL_A, a]), "outlet": "Harbour Gazette", "published": "2026-05-02"},
        {"text": " ".join([*_TOLL_B, b]), "outlet": "Valley Herald", "published": "2026-05-02"},
    )
    assert len(report.stories) == 1 and not any(
        r.kind in ("duplicate", "near_duplicate", "rewrite") for r in report.relations
    )
    return [f for f in report.findings if f.kind == "numeric_conflict"]


_TOLL_A = [
    "The council voted on Thursday to put a toll on the Marsh Lane bridge from next spring.",
    "Drivers will pay two pounds each way, and residents of the marsh villages will pay half.",
    "The money will go towards repairing the bridge's rusted railings and resurfacing its deck.",
    "Opposition councillors walked out before the vote, calling the plan a tax on commuters.",
]
_TOLL_B = [
    "Crossing the Marsh Lane bridge will cost motorists money from next spring after a council vote this week.",
    "Councillors agreed the charge after a long debate, and villagers on the marsh get a discount.",
    "A shop owner in Brendon said fewer customers would make the trip once the charge starts.",
    "Cyclists and pedestrians will still cross free of charge, a council officer confirmed.",
]


def test_numbers_of_different_polls_or_people_are_not_a_conflict():
    # Two polls run for different papers measure different things; walkers of different ages fell different
    # distances. The same poll given as 61 and 64 percent is a conflict.
    poll_a = "A poll for the Kestrel Times found that 61 percent of residents oppose the toll on the bridge."
    poll_b = "A poll published by the Lowland Post found that 74 percent of residents oppose the toll on the bridge."
    assert not _numeric_between(poll_a, poll_b)
    same_b = "A poll for the Kestrel Times found that 64 percent of residents oppose the toll on the bridge."
    (conflict,) = _numeric_between(poll_a, same_b)
    assert {e.text for e in conflict.evidence} == {"61 percent", "64 percent"}
    fall_a = "A 36-year-old walker from Brendon fell about 40 metres from the ridge above the marsh on Sunday."
    fall_b = "A 29-year-old walker from Brendon fell about 90 metres from the ridge above the marsh on Sunday."
    # The distances are not compared: the ages say these are two walkers. (The ages themselves may still be
    # flagged: one walker reported as 36 and as 29 is how a real age conflict reads.)
    assert not any("metres" in e.text for f in _numeric_between(fall_a, fall_b) for e in f.evidence)
