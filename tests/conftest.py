from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEMO = ROOT / "examples" / "demo"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"the shared seed articles are missing: expected them in {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def seed_report(seeds_dir):
    from corroborator import analyze

    return analyze([str(seeds_dir)])


@pytest.fixture(scope="session")
def seed_articles(seed_report):
    """Seed articles by the number their file name starts with ("000" ... "004")."""
    return {Path(a.source).name[:3]: a for a in seed_report.articles}


@pytest.fixture(scope="session")
def demo_report():
    from corroborator import analyze

    return analyze([str(DEMO)])


def best_time(fn: Callable[[], object], repeat: int = 2) -> float:
    """The fastest of ``repeat`` runs of ``fn``, in seconds: the scaling checks compare these."""
    best = math.inf
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best
