"""The bundled default sentence model in a child process (``embed.Encoder.preload`` starts it).

Importing torch and loading the model take ~2 s of CPU, nearly all of it holding the interpreter lock:
in a thread of the analysing process they only interleave with the parse they were meant to overlap.
In a process of their own they run on the second core while the articles are parsed. The child runs the
same ``minibert.MiniBert`` with the same thread settings as an in-process load, on the texts of each
``encode`` call as given (so the same batches), and returns the vectors: the same numbers.

Run as a script (``python -P embed_worker.py``), not imported: it loads ``minibert.py`` and ``cpus.py``
from its own folder by path, so the child never imports the corroborator package and its dependencies.
Messages, both ways, are pickled objects behind an 8-byte length on stdin and stdout (a pipe between a
process and the child it started): ``("load", folder, sha256, threads)`` answered by ``("ok", width,
threads)`` or ``("no", reason)``; then ``("encode", texts, batch_size)`` answered by ``("ok", vectors)``
or ``("no", reason)``. End of input ends the child. Anything it cannot do it answers "no" to, and the
parent then loads the model itself (which raises the real error, if there is one).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import struct
import sys
from pathlib import Path
from types import ModuleType
from typing import IO, Any


def read_message(stream: IO[bytes]) -> Any:
    """One message, or None at the end of the stream."""
    header = stream.read(8)
    if len(header) < 8:
        return None
    (size,) = struct.unpack("<Q", header)
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)  # from the process at the other end of our own pipe


def write_message(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<Q", len(data)) + data)
    stream.flush()


def _sibling(name: str) -> ModuleType:
    """A module of this folder loaded by path (not as part of the package)."""
    spec = importlib.util.spec_from_file_location(
        f"_corroborator_worker_{name}", Path(__file__).with_name(f"{name}.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load(folder: str, sha256: str, threads: int | None) -> tuple[Any, int]:
    weights = Path(folder) / "model.safetensors"
    if hashlib.sha256(weights.read_bytes()).hexdigest() != sha256:
        raise ValueError(f"{weights} does not match the published weights")
    # As embed.Encoder._load_now: passive OpenMP waits, the idle cores' threads, one inter-op thread.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import torch

    count = _sibling("cpus").default_threads(threads)
    torch.set_num_threads(count)
    with contextlib.suppress(RuntimeError):  # already set (it is not, in a fresh process)
        torch.set_num_interop_threads(1)
    return _sibling("minibert").MiniBert(Path(folder)), count


def main() -> None:
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but messages may reach the parent's pipe
    model = None
    while (message := read_message(inp)) is not None:
        try:
            if message[0] == "load":
                model, count = _load(*message[1:])
                write_message(out, ("ok", model.width, count))
            elif message[0] == "encode" and model is not None:
                write_message(out, ("ok", model.encode(message[1], batch_size=message[2])))
            else:
                write_message(out, ("no", f"unexpected message {message[0]!r}"))
        except Exception as exc:  # noqa: BLE001 - every failure is answered; the parent then loads in-process
            write_message(out, ("no", f"{type(exc).__name__}: {exc}"))


if __name__ == "__main__":
    main()
