"""200 article URLs from a local server that waits 50 ms per page: wall time and the per-host limit.

    python bench/fetch_200.py [--per-host 2] [--interval 0.05] [--workers 8]

The server (127.0.0.1) logs when each request starts and ends; the script reports the most requests it saw
in flight at once and the smallest time between request starts over any five consecutive gaps, against
the limits given. Pages go through trafilatura, as in ``analyze URL``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.localweb import LocalWeb, Route, article_html  # noqa: E402

from corroborator.fetch import Fetcher, FetchOptions, fetch_pages  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--per-host", type=int, default=FetchOptions().per_host)
    parser.add_argument("--interval", type=float, default=FetchOptions().host_interval)
    parser.add_argument("--workers", type=int, default=FetchOptions().workers)
    args = parser.parse_args()
    with LocalWeb() as web:
        urls = []
        for k in range(args.count):
            path = f"/a/{k}.html"
            web.routes[path] = Route(article_html(k % 7, k % 5, day=1 + k % 28).encode(), delay=args.delay)
            urls.append(web.url(path))
        web.routes["/a/404.html"] = Route(b"gone", status=404)
        options = FetchOptions(per_host=args.per_host, host_interval=args.interval, workers=args.workers)
        started = time.perf_counter()
        result = fetch_pages(urls, Fetcher(options))
        wall = time.perf_counter() - started
        starts = sorted(h.started for h in web.hits)
        window = min((b - a for a, b in zip(starts, starts[5:], strict=False)), default=0.0)
        print(
            json.dumps(
                {
                    "urls": args.count,
                    "server_delay_s": args.delay,
                    "articles": len(result.articles),
                    "skipped": len(result.skipped),
                    "wall_s": round(wall, 2),
                    "per_host_limit": args.per_host,
                    "max_in_flight_seen": web.max_in_flight,
                    "interval_s": args.interval,
                    "min_span_of_5_gaps_s": round(window, 4),
                    "floor_from_interval_s": round((args.count - 1) * args.interval, 2),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
