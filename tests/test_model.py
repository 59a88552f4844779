import pytest

from rag.models.model import GGUF_NAME, GGUF_SIZE, model_path

pytestmark = pytest.mark.model  # both assemble the 1.1 GB model file


@pytest.mark.slow
def test_model_is_assembled_once_verified_and_reused(tmp_path):
    first = model_path(tmp_path)
    assert first == tmp_path / GGUF_NAME and first.stat().st_size == GGUF_SIZE
    mtime = first.stat().st_mtime_ns
    assert model_path(tmp_path) == first and first.stat().st_mtime_ns == mtime  # reused, not rebuilt


def test_a_corrupt_model_file_is_replaced(tmp_path):
    bad = tmp_path / GGUF_NAME
    bad.write_bytes(b"not a model")
    assert model_path(tmp_path).stat().st_size == GGUF_SIZE
