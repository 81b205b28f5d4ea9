"""Boilerplate that repeats across articles, and text that must survive cleaning."""

from __future__ import annotations

from corroborator import analyze
from corroborator.types import Metadata, RawArticle

FOOTER = "Follow the Hallam Courier for more local updates"
QUOTE = 'Council leader Ruth Aldane said: "Safety has to come first."'
SHARED_FACT = "No one was injured."

STORIES = [
    "The library on Mill Street will close for repairs in June, the council said.",
    "A new bus route will link Hallam and Dunmore from next month, operators said.",
    "The town's summer fair drew a record crowd of 8,000 on Saturday, organisers said.",
    "Two schools in Hallam will share a head teacher from September, the county said.",
]


def _raw(i: int, outlet: str, lines: list[str]) -> RawArticle:
    return RawArticle(source=f"{outlet}-{i}.txt", raw_text="\n".join(lines) + "\n", meta=Metadata(outlet=outlet))


def test_clean_repeated_outlet_footer_is_removed_but_shared_quote_and_fact_stay():
    raws = [
        _raw(
            i,
            "Hallam Courier",
            [
                story,
                f"Item {i} was first raised at a meeting in week {i + 10}.",
                QUOTE,
                SHARED_FACT,
                f"A decision on item {i} is due in month {i + 2}.",
                f"Residents can comment until day {i + 20}.",
                FOOTER,
            ],
        )
        for i, story in enumerate(STORIES)
    ]
    report = analyze(raws)
    assert len(report.articles) == 4
    for article in report.articles:
        assert FOOTER not in article.text
        assert QUOTE in article.text and SHARED_FACT in article.text
        (cut,) = [r for r in article.removed if r.text.strip() == FOOTER]
        assert cut.reason == "repeated in 4 articles of Hallam Courier"


def test_clean_syndicated_copies_keep_their_shared_body():
    body = [
        "Engineers found two cracks in the eastern pier of the Dunmore bridge on Monday.",
        "The bridge will stay closed for at least two weeks, the county council said.",
        "Drivers face a nine-mile diversion through Hallam.",
    ]
    raws = [
        _raw(i, outlet, [*body, f"Reporting by desk {i}."])
        for i, outlet in enumerate(["Wire", "Paper A", "Paper B", "Paper C"])
    ]
    report = analyze(raws)
    for article in report.articles:
        assert all(line in article.text for line in body)
        assert not any(r.reason.startswith("repeated") for r in article.removed)
