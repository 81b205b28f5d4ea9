"""The default sentence model (all-MiniLM-L6-v2) run with torch alone, without importing transformers.

``sentence-transformers`` imports ``transformers``, which costs ~3 s of CPU per process on this machine
before a single sentence is encoded (more than encoding a 50-article story's distinct sentences). The
default model is a plain BERT encoder (6 layers, 384 wide, 12 heads) followed by mean pooling over the
tokens and L2 normalisation, so its forward pass is a few lines of torch. This module runs exactly that,
with the model's own ``tokenizer.json`` (the Rust ``tokenizers`` library) and its ``model.safetensors``,
and the same settings as sentence-transformers (truncation at ``max_seq_length`` 256, padding to the
longest sentence of a batch, batches of similar lengths). Vectors agree with sentence-transformers' to
float rounding (``tests/test_minibert.py``). It is used only for the verified bundled copy of the default
model (``embed._bundled_path``); every other ``--model`` loads through sentence-transformers as before.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np


class MiniBert:
    """A BERT encoder with mean pooling and L2 normalisation, loaded from a sentence-transformers folder.

    Offers the two methods of ``SentenceTransformer`` that ``embed.Encoder`` calls (``encode``,
    ``get_sentence_embedding_dimension``).

    Raises:
        ValueError: the folder is not a BERT model with mean pooling (the caller then uses
            sentence-transformers).
    """

    def __init__(self, folder: Path) -> None:
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        st_config = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        if (
            config.get("model_type") != "bert"
            or config.get("hidden_act") != "gelu"
            or config.get("position_embedding_type", "absolute") != "absolute"
            or kinds != ["Transformer", "Pooling", "Normalize"]
            or not pooling.get("pooling_mode_mean_tokens")
            or any(pooling.get(k) for k in pooling if k.startswith("pooling_mode_") and k != "pooling_mode_mean_tokens")
        ):
            raise ValueError(f"{folder} is not a BERT model with mean pooling and normalisation")
        self.width = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        self.max_length = int(st_config.get("max_seq_length") or config["max_position_embeddings"])
        self.weights: dict[str, Any] = load_file(str(folder / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_length)
        self.tokenizer.enable_padding(pad_id=0, pad_type_id=0, pad_token="[PAD]")  # to the batch's longest
        self._torch = torch

    def get_sentence_embedding_dimension(self) -> int:
        return self.width

    def _w(self, name: str) -> Any:
        return self.weights[name]

    def _forward(self, ids: Any, mask: Any) -> Any:
        """Mean-pooled, normalised vectors of one padded batch (token ids and attention mask, both [B, L])."""
        torch = self._torch
        functional = torch.nn.functional
        width, heads = self.width, self.heads
        size = width // heads
        batch, length = ids.shape
        x = (
            functional.embedding(ids, self._w("embeddings.word_embeddings.weight"))
            + self._w("embeddings.position_embeddings.weight")[:length]
            + self._w("embeddings.token_type_embeddings.weight")[0]
        )
        x = functional.layer_norm(
            x, (width,), self._w("embeddings.LayerNorm.weight"), self._w("embeddings.LayerNorm.bias"), self.eps
        )
        keep = mask.bool()[:, None, None, :]  # attend to real tokens only
        for n in range(self.layers):
            p = f"encoder.layer.{n}."

            def linear(t: Any, name: str, p: str = p) -> Any:
                return functional.linear(t, self._w(p + name + ".weight"), self._w(p + name + ".bias"))

            def split(t: Any) -> Any:
                return t.view(batch, length, heads, size).transpose(1, 2)

            q = split(linear(x, "attention.self.query"))
            k = split(linear(x, "attention.self.key"))
            v = split(linear(x, "attention.self.value"))
            ctx = functional.scaled_dot_product_attention(q, k, v, attn_mask=keep, scale=1.0 / math.sqrt(size))
            ctx = ctx.transpose(1, 2).reshape(batch, length, width)
            x = functional.layer_norm(
                linear(ctx, "attention.output.dense") + x,
                (width,),
                self._w(p + "attention.output.LayerNorm.weight"),
                self._w(p + "attention.output.LayerNorm.bias"),
                self.eps,
            )
            hidden = functional.gelu(linear(x, "intermediate.dense"))
            x = functional.layer_norm(
                linear(hidden, "output.dense") + x,
                (width,),
                self._w(p + "output.LayerNorm.weight"),
                self._w(p + "output.LayerNorm.bias"),
                self.eps,
            )
        weights = mask.unsqueeze(-1).to(x.dtype)
        pooled = (x * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return functional.normalize(pooled, p=2.0, dim=1)

    def encode(self, texts: list[str], batch_size: int = 64, **_ignored: Any) -> np.ndarray:
        """Unit-length float32 vectors, one row per text (batches of similar lengths, as sentence-transformers
        makes them: longest first)."""
        torch = self._torch
        out = np.zeros((len(texts), self.width), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda k: -len(texts[k]))
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                chunk = order[start : start + batch_size]
                encoded = self.tokenizer.encode_batch([texts[k].strip() for k in chunk])  # as sentence-transformers
                ids = torch.tensor([e.ids for e in encoded], dtype=torch.long)
                mask = torch.tensor([e.attention_mask for e in encoded], dtype=torch.long)
                out[chunk] = self._forward(ids, mask).numpy()
        return out
