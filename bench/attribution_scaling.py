"""Time of attribution and quote finding on hostile and long plain text (issue 15's reproductions).

    python bench/attribution_scaling.py has 100000      # 100 KB of "has has has ..."
    python bench/attribution_scaling.py said 100000     # 100 KB of "said said ..."
    python bench/attribution_scaling.py plain 1000000   # 1 MB of a news-like paragraph written for this script

Prints (seconds in extract_attributions, seconds in find_quotes, attributions, quotes). Segmentation is done
first and not timed (it belongs to segment.py). The word-pattern rules run (no parser), as in issue 15's report.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from corroborator.attribution import extract_attributions
from corroborator.quotes import find_quotes, quoted_spans
from corroborator.segment import paragraphs, sentences

PARAGRAPH = (
    'Harbour engineer Tom Baird said the pier had two cracks. "We found them at dawn," Baird added. '
    "According to the city council, repairs cost $4 million. She said it would reopen.\n\n"
)


def run(text: str) -> tuple[float, float, int, int]:
    paras = paragraphs(text)
    sents = sentences(text, paras)
    started = time.perf_counter()
    atts = extract_attributions(text, sents, quoted_spans(text, paras))
    middle = time.perf_counter()
    quotes = find_quotes(text, paras, sents, atts)
    return round(middle - started, 3), round(time.perf_counter() - middle, 3), len(atts), len(quotes)


def main() -> None:
    kind, size = sys.argv[1], int(sys.argv[2])
    text = {"has": "has " * (size // 4), "said": "said " * (size // 5)}.get(kind) or PARAGRAPH * (
        size // len(PARAGRAPH)
    )
    print(kind, size, run(text))


if __name__ == "__main__":
    main()
