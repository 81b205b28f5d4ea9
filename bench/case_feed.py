"""A 30-item feed becomes a case; a second poll after 5 new items adds exactly those 5, reports only the
changes, and keeps the story and claim ids of the first 30. Served by a local server (127.0.0.1).

    python bench/case_feed.py

Prints the seconds of each poll, the pairs aligned, the changes, and whether every story and claim id of
the first poll is still there (with at least its old members).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.localweb import LocalWeb, news_site  # noqa: E402

from corroborator.cases import CaseStore  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, LocalWeb() as web:
        news_site(web, 30)
        store = CaseStore(Path(tmp) / "cases.db")
        store.create("wire")
        started = time.perf_counter()
        first = store.add("wire", feeds=[web.url("/feed.xml")])
        t1 = time.perf_counter() - started
        before = store.report(store.get("wire"))
        stories = {s.id: set(s.articles) for s in before.stories}
        claims = {c.id: {(m.article, m.sentence) for m in c.mentions} for c in before.claims}

        unchanged = store.poll("wire")  # the feed answers 304: nothing to do

        news_site(web, 35)
        started = time.perf_counter()
        second = store.poll("wire")
        t2 = time.perf_counter() - started
        after = store.report(store.get("wire"))
        now_stories = {s.id: set(s.articles) for s in after.stories}
        now_claims = {c.id: {(m.article, m.sentence) for m in c.mentions} for c in after.claims}
        out = {
            "first_poll": {"articles": len(first.added), "seconds": round(t1, 2), "pairs_aligned": first.aligned},
            "unchanged_poll": {"nothing": unchanged.nothing, "seconds": round(unchanged.seconds, 2)},
            "second_poll": {
                "articles_added": len(second.added),
                "seconds": round(t2, 2),
                "pairs_aligned": second.aligned,
                "new_findings": len(second.new_findings),
                "claims_with_new_outlets": len(second.new_relays),
                "origin_counts_changed": len(second.origin_changes),
            },
            "stories_kept": sum(sid in now_stories and m <= now_stories[sid] for sid, m in stories.items()),
            "stories_before": len(stories),
            "claims_kept": sum(cid in now_claims and m <= now_claims[cid] for cid, m in claims.items()),
            "claims_before": len(claims),
            "ratio_second_to_first": round(t2 / t1, 3),
        }
        print("\n".join(second.lines()))
        print(json.dumps(out, indent=2))
        store.close()


if __name__ == "__main__":
    main()
