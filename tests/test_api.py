"""The public surface: small, typed, and the only thing ui/ uses."""

import ast
from pathlib import Path

import rag


def test_public_api_is_small_and_exported():
    assert 10 <= len(rag.__all__) <= 24  # the answer, ingest, feed (Feed, SyncReport) and story results, errors, config
    for name in rag.__all__:
        assert hasattr(rag, name)


def test_ui_imports_only_rags_public_api():
    for path in (Path(__file__).parent.parent / "ui").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "rag":
                assert node.module == "rag", f"{path.name} imports {node.module}"
                assert {a.name for a in node.names} <= set(rag.__all__)
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("rag.") for a in node.names)


def test_settings_validate_with_clear_messages(monkeypatch):
    import pytest

    from rag import Config, InputError

    with pytest.raises(InputError, match="k must be at least 1; got 0"):
        Config(k=0)
    with pytest.raises(InputError, match="llm must be one of"):
        Config(llm="gpt")
    monkeypatch.setenv("BYLINE_K", "three")
    with pytest.raises(InputError, match="BYLINE_K='three'"):
        Config.from_env()
    monkeypatch.setenv("BYLINE_K", "3")
    assert Config.from_env().k == 3 and Config.from_env(k=5).k == 5
    with pytest.raises(InputError, match="max_waiting must be 0 or more"):
        Config(max_waiting=-1)


def test_config_says_where_each_setting_came_from(monkeypatch):
    from rag import Config

    monkeypatch.setenv("BYLINE_K", "3")
    monkeypatch.setenv("BYLINE_OPENAI_API_KEY", "sk-secret")
    rows = {r["name"]: r for r in Config.described(llm="extractive")}
    assert (rows["k"]["value"], rows["k"]["from"]) == (3, "BYLINE_K")
    assert (rows["llm"]["value"], rows["llm"]["from"]) == ("extractive", "option")
    assert (rows["max_waiting"]["value"], rows["max_waiting"]["from"]) == (4, "default")
    assert rows["openai_api_key"]["value"] == "***" and "sk-secret" not in str(rows)
    assert all(r["help"] for r in rows.values())
