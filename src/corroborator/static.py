"""A static first pass distilled from the bundled sentence model: which sentence pairs cannot reach a cosine.

The sentence model (MiniLM) costs ~10 ms of CPU per sentence here and is the floor of ``analyze``; most of
the sentence pairs it is asked about end below the thresholds that decide anything (claims score no pair
under ``claims.link_min_cosine`` 0.45, the unique-claim check looks for 0.55). A static model answers in
microseconds which pairs are so far apart that MiniLM would be below a threshold too, so their sentences
need not be embedded at all.

The static model is built the way model2vec distils one (Tulkens and van Dongen, 2024), from our own copy of
the model, with nothing downloaded and no new dependency:
- every token of MiniLM's vocabulary is run through MiniLM alone (``[CLS] token [SEP]``, mean pooling, as
  ``minibert.MiniBert`` encodes a sentence): one 384-wide vector per token;
- the token vectors are centred and rotated onto their principal axes (``DIMS`` kept): the direction every
  token shares says nothing about which sentences are alike;
- each token is weighted by smooth inverse frequency, ``SIF / (SIF + p)``, with ``p`` from Zipf's law over
  the vocabulary's rank (BERT's word-piece vocabulary lists whole words roughly by frequency after its
  special and single-character entries), so "the" and "of" weigh little;
- a sentence is the mean of its tokens' weighted vectors (MiniLM's own tokenizer), L2-normalised.

It is built once per machine from the verified weights (``embed._bundled_path`` checks their sha256) and
cached in the user's cache directory under that hash (``static-<sha256[:16]>.npz``; ``CORROBORATOR_CACHE``
or ``XDG_CACHE_HOME`` move it), never in the repository. Building takes ~20-40 s of CPU (torch, 30,522
three-token forward passes); loading the cache ~0.1 s; encoding ~20,000 sentences/s.

The static cosine is a screen, never a decision: how far it can be trusted is measured against MiniLM on
real sentence pairs (``bench/static_agreement.py``, docs/benchmarks.md) and the bounds the pipeline uses
come from that measurement (``relate/screen.py``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

DIMS = 256  # principal axes kept (model2vec's default)
SIF = 1e-4  # smooth inverse frequency coefficient (model2vec's default)
FIRST_WORD = 1996  # BERT uncased: ids below are [PAD], [unused*], [CLS], [SEP], [MASK] and single characters
BUILD_BATCH = 512  # three-token sequences per forward pass while building
VERSION = 1  # of the recipe above: a new recipe gets a new cache file
SCREENED_MODELS = frozenset({"sentence-transformers/all-MiniLM-L6-v2", "all-MiniLM-L6-v2", "bundled"})  # its teacher


class StaticModelError(Exception):
    """The static model could not be built or read; the message says why."""


@dataclass(frozen=True, slots=True)
class StaticModel:
    """Token vectors (already weighted) and the tokenizer that maps text to them."""

    vectors: np.ndarray  # [vocab, DIMS] float32, weighted
    tokenizer: Any  # a ``tokenizers.Tokenizer`` without padding or truncation limits
    source: str  # what it was distilled from, for the report
    path: Path  # the cache file

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text (a text without word tokens gets a zero row)."""
        out = np.zeros((len(texts), self.vectors.shape[1]), dtype=np.float32)
        if not texts:
            return out
        encoded = self.tokenizer.encode_batch([t.strip() for t in texts], add_special_tokens=False)
        for k, e in enumerate(encoded):
            ids = [i for i in e.ids if 999 <= i < len(self.vectors)]  # no [CLS], [SEP], [UNK], [unused*]
            if ids:
                v = self.vectors[ids].sum(axis=0)
                norm = float(np.linalg.norm(v))
                if norm > 0:
                    out[k] = v / norm
        return out


def cache_dir() -> Path:
    """Where built static models are kept: ``$CORROBORATOR_CACHE``, else ``$XDG_CACHE_HOME/corroborator``,
    else ``~/.cache/corroborator``."""
    explicit = os.environ.get("CORROBORATOR_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "corroborator"


def weights_sha256(folder: Path) -> str:
    return hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()


def cache_path(sha256: str, root: Path | None = None) -> Path:
    return (root or cache_dir()) / f"static-v{VERSION}-{sha256[:16]}.npz"


def zipf_weights(vocab: int) -> np.ndarray:
    """SIF weights by rank: special and single-character entries rank first, then the vocabulary order."""
    rank = np.arange(vocab, dtype=np.float64)
    rank = np.where(rank >= FIRST_WORD, rank - FIRST_WORD + 1, 1.0)
    p = 1.0 / (rank * np.log(max(vocab - FIRST_WORD, 2)))
    return (SIF / (SIF + p)).astype(np.float32)


def token_vectors(folder: Path, threads: int = 1, limit: int | None = None) -> np.ndarray:
    """MiniLM's vector of every vocabulary token alone (``[CLS] token [SEP]``, mean-pooled, unit length); the first
    ``limit`` tokens only when given (tests: a smaller, quicker model of the most frequent words)."""
    import torch

    from corroborator.minibert import MiniBert

    torch.set_num_threads(max(1, threads))
    model = MiniBert(folder)
    cls = model.tokenizer.token_to_id("[CLS]")
    sep = model.tokenizer.token_to_id("[SEP]")
    if cls is None or sep is None:
        raise StaticModelError(f"{folder}: the tokenizer has no [CLS] or [SEP] token (not a BERT word-piece model)")
    vocab = model.tokenizer.get_vocab_size() if limit is None else min(limit, model.tokenizer.get_vocab_size())
    out = np.zeros((vocab, model.width), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, vocab, BUILD_BATCH):
            ids = torch.arange(start, min(vocab, start + BUILD_BATCH), dtype=torch.long)
            seq = torch.stack([torch.full_like(ids, cls), ids, torch.full_like(ids, sep)], dim=1)
            out[start : start + len(ids)] = model._forward(seq, torch.ones_like(seq)).numpy()
    return out


def distil(raw: np.ndarray, dims: int = DIMS) -> np.ndarray:
    """Centre, rotate onto the ``dims`` main axes, weight by Zipf SIF: the static model's token vectors."""
    centred = raw.astype(np.float64) - raw.mean(axis=0)
    _u, _s, vt = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ vt[: min(dims, len(vt))].T
    return (reduced * zipf_weights(len(raw))[:, None]).astype(np.float32)


def build(folder: Path, target: Path, threads: int = 1, limit: int | None = None) -> None:
    """Distil the model in ``folder`` and write it to ``target`` (atomically: a reader never sees half)."""
    started = time.process_time()
    vectors = distil(token_vectors(folder, threads, limit))
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=target.stem, suffix=".tmp", delete=False) as fh:
        np.savez(fh, vectors=vectors)
        tmp = Path(fh.name)
    tmp.chmod(0o644)  # a cache file like any other (NamedTemporaryFile makes it private)
    os.replace(tmp, target)
    log.info("static model built in %.1f s of CPU: %s", time.process_time() - started, target)


_LOADED: dict[Path, StaticModel] = {}


def load(folder: Path, sha256: str | None = None, root: Path | None = None, threads: int = 1) -> StaticModel:
    """The static model distilled from the model in ``folder`` (built and cached on first use).

    Args:
        folder: a sentence-transformers folder of a BERT model (the verified bundled MiniLM).
        sha256: its weights' hash if already computed (the cache key); computed otherwise.
        root: the cache directory (default ``cache_dir()``).
        threads: torch threads for a build.

    Raises:
        StaticModelError: the folder cannot be distilled or the cache cannot be written.
    """
    from tokenizers import Tokenizer

    digest = sha256 or weights_sha256(folder)
    path = cache_path(digest, root)
    if path in _LOADED:
        return _LOADED[path]
    try:
        if not path.is_file():
            build(folder, path, threads)
        vectors = np.load(path)["vectors"]
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    except (OSError, ValueError, KeyError, StaticModelError) as exc:
        raise StaticModelError(f"static model from {folder} ({path}): {exc}") from exc
    tokenizer.no_truncation()
    tokenizer.no_padding()
    model = StaticModel(
        vectors=vectors,
        tokenizer=tokenizer,
        source=f"static first pass distilled from {folder} (weights sha256 {digest[:16]}), {path}",
        path=path,
    )
    _LOADED[path] = model
    return model


def bundled() -> StaticModel | None:
    """The static model of the verified bundled default (None when that package is not installed)."""
    from corroborator.embed import _BUNDLED_SHA256, _bundled_path

    folder = _bundled_path()  # checks the weights' sha256
    if folder is None:
        return None
    return load(folder, _BUNDLED_SHA256)
