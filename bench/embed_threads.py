"""Sentence embedding throughput with the second core busy: torch's defaults against our thread choice, one run.

    python bench/embed_threads.py [--sentences 600]

A busy process (``while True: pass``) holds one core for the whole measurement. Each configuration runs in
its own fresh Python process (OpenMP reads its environment when torch loads), loads the default model,
warms up on 64 sentences, then encodes ``--sentences`` news sentences from ../shared/datasets/stsb
(main-news genre) in batches of 64:
- before: torch's defaults (as many threads as cores, OpenMP's default wait policy), as the encoder did;
- after (auto): ``Encoder()``: the idle usable cores when the model loads, passive waiting, one inter-op thread;
- after --threads 2 and --threads 1: the same with the count forced.
Then the same without the busy process. Prints sentences per second and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"

CHILD = r"""
import json, sys, time
mode, n = sys.argv[1], int(sys.argv[2])
sentences = json.loads(sys.stdin.read())
if mode == "before":
    from sentence_transformers import SentenceTransformer
    from corroborator.embed import _bundled_path
    model = SentenceTransformer(str(_bundled_path()), device="cpu")
    encode = lambda batch: model.encode(batch, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    import torch
    threads = torch.get_num_threads()
else:
    from corroborator.embed import Encoder
    encoder = Encoder(threads=None if mode == "auto" else int(mode))
    model = encoder._load()
    encode = lambda batch: model.encode(batch, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    threads = encoder.threads
encode(sentences[:64])
started = time.perf_counter()
encode(sentences[64 : 64 + n])
print(json.dumps({"threads": threads, "per_s": round(n / (time.perf_counter() - started), 1)}))
"""


def sentences(limit: int) -> list[str]:
    out = []
    for name in ("sts-train.csv", "sts-dev.csv"):
        for line in (SHARED / "stsb" / name).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 7 and parts[0] == "main-news":
                out += [parts[5], parts[6]]
    return list(dict.fromkeys(out))[:limit]


def run(mode: str, data: list[str], n: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "OMP_NUM_THREADS")}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(n)],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=600)
    args = parser.parse_args()
    data = sentences(args.sentences + 64)
    result: dict = {"cores": os.cpu_count(), "sentences": args.sentences, "load_before": os.getloadavg()[0]}
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(1)
        for mode in ("before", "auto", "2", "1"):
            result[f"busy_{mode}"] = run(mode, data, args.sentences)
    finally:
        busy.kill()
        busy.wait()
    time.sleep(2)
    for mode in ("before", "auto"):
        result[f"free_{mode}"] = run(mode, data, args.sentences)
    result["load_after"] = os.getloadavg()[0]
    result["busy_auto_vs_before"] = round(result["busy_auto"]["per_s"] / result["busy_before"]["per_s"], 2)
    result["free_auto_vs_before"] = round(result["free_auto"]["per_s"] / result["free_before"]["per_s"], 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
