"""The golden outputs on seeds/: ingest, search, extractive answers and the local model's answers
replayed from its recorded output (bench/golden.py).  A failure here means behaviour changed; if the
change is meant, record again with ``python bench/golden.py record --set seeds`` and commit the diff."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rag.eval.replay import Replayer, prompt_key
from rag.models.writers import Prompt

ROOT = Path(__file__).resolve().parent.parent


def test_seed_outputs_match_the_recording():
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "golden.py"), "check", "--set", "seeds"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "golden seeds: identical" in out.stdout


def test_a_prompt_that_was_not_recorded_is_an_error_not_a_guess():
    from rag.errors import ModelError

    asked = Prompt(user="Sources:\n[1] x\nQuestion: y")
    replay = Replayer({prompt_key(asked): ["Yes", " [1]"]})
    assert "".join(replay.write(asked)) == "Yes [1]"
    with pytest.raises(ModelError, match="No recorded reply"):
        list(replay.write(Prompt(user="Sources:\n[1] x\nQuestion: z")))
