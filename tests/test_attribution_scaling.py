"""Attribution and quote finding take linear time on hostile or long input (issue 15).

Each test times the same work on an input and on one four times its size and asserts the time grew less than
six-fold (the best of three runs each, so a busy neighbour on the machine does not decide the outcome). Before the
fixes these inputs were quadratic: 100 KB of "has " took over 90 s, and 4 MB of plain text 53 s against 7 s for
1 MB.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from corroborator.attribution import _resolve_references, extract_attributions
from corroborator.quotes import find_quotes, quoted_spans
from corroborator.segment import paragraphs, sentences

# Written for this test: names, pronouns, surnames, an outlet, quotes split by their attribution.
_PARAGRAPH = (
    "Harbour engineer Tom Baird said the eastern pier had two cracks. "
    '"We found them at dawn," Baird added. "Nobody should drive over it." '
    "According to the Harbour Gazette, repairs will cost $4 million. She said the council would meet on Friday.\n\n"
)


def _best_of_three(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def _assert_linear(make: Callable[[int], str], size: int, work: Callable[[str], object]) -> None:
    small, large = make(size), make(4 * size)
    prepared_small, prepared_large = _prepare(small), _prepare(large)
    t_small = _best_of_three(lambda: work(prepared_small))
    t_large = _best_of_three(lambda: work(prepared_large))
    assert t_large < 6 * max(t_small, 0.002), f"4x input took {t_large / max(t_small, 1e-9):.1f}x the time"


def _prepare(text: str) -> tuple[str, list, list, list]:
    paras = paragraphs(text)
    sents = sentences(text, paras)
    return text, paras, sents, quoted_spans(text, paras)


def _attributions(prepared: tuple[str, list, list, list]) -> list:
    text, _paras, sents, quoted = prepared
    return extract_attributions(text, sents, quoted)


def test_cue_regex_linear_on_repeated_has():
    _assert_linear(lambda n: "has " * (n // 4), 25_000, _attributions)


def test_cue_regex_linear_on_repeated_said():
    _assert_linear(lambda n: "said " * (n // 5), 25_000, _attributions)


def test_resolve_references_linear_on_long_text():
    # Dense in people and in pronoun and surname credits, the two lookups that used to rescan every name.
    people = (
        "Tom Baird met Lena Ortiz and Omar Haddad at the pier. He said the deck was closed. Ortiz said it was not.\n\n"
    )
    prepared = {n: _prepare(people * (n // len(people))) for n in (60_000, 240_000)}
    found = {n: _attributions(p) for n, p in prepared.items()}
    assert len(found[240_000]) > 3 * len(found[60_000]) > 0  # the work really grows with the input
    times = {n: _best_of_three(lambda n=n: _resolve_references(found[n], prepared[n][0])) for n in prepared}
    assert times[240_000] < 6 * max(times[60_000], 0.002), times


def test_sentence_of_linear_on_long_text():
    def quotes(prepared: tuple[str, list, list, list]) -> list:
        text, paras, sents, _quoted = prepared
        return find_quotes(text, paras, sents, _attributions(prepared))

    _assert_linear(lambda n: _PARAGRAPH * (n // len(_PARAGRAPH)), 60_000, quotes)
