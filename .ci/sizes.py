"""Size check for `make lint`: no module over 300 lines and no function over 60 in rag/ and ui/ (issue 17).

The modules and functions over the limits today are listed in ``.ci/sizes.json`` with their size: they may shrink,
never grow, and nothing new may join them.  ``python .ci/sizes.py`` exits 1 naming each offence and what to do;
``--update`` rewrites the list after a split (it only ever drops entries or lowers sizes, never adds).
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LISTED = Path(__file__).with_name("sizes.json")
MODULE_LINES = 300
FUNCTION_LINES = 60
PACKAGES = ("rag", "ui")


def measure(root: Path = ROOT) -> dict[str, int]:
    """``{"rag/x.py": lines, "rag/x.py::f": lines, "rag/x.py::C.m": lines}`` for everything over the limits."""
    over: dict[str, int] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            name = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8")
            lines = len(text.splitlines())
            if lines > MODULE_LINES:
                over[name] = lines
            for qual, size in _functions(ast.parse(text), ""):
                if size > FUNCTION_LINES:
                    over[f"{name}::{qual}"] = size
    return over


def _functions(node: ast.AST, prefix: str) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            qual = prefix + child.name
            if not isinstance(child, ast.ClassDef):
                found.append((qual, (child.end_lineno or child.lineno) - child.lineno + 1))
            found += _functions(child, qual + ".")
    return found


def main(argv: list[str]) -> int:
    listed: dict[str, int] = json.loads(LISTED.read_text(encoding="utf-8")) if LISTED.exists() else {}
    now = measure()
    problems = []
    for name, size in sorted(now.items()):
        limit = FUNCTION_LINES if "::" in name else MODULE_LINES
        kind = "function" if "::" in name else "module"
        if name not in listed:
            problems.append(f"{name}: {kind} of {size} lines is over {limit}; split it by responsibility.")
        elif size > listed[name]:
            problems.append(f"{name}: grew from {listed[name]} to {size} lines (limit {limit}); split it rather than add to it.")
    if "--update" in argv:
        kept = {k: min(v, listed[k]) for k, v in sorted(now.items()) if k in listed}
        LISTED.write_text(json.dumps(kept, indent=1) + "\n", encoding="utf-8")
        print(f"{LISTED.relative_to(ROOT)}: {len(kept)} entries ({len(listed) - len(kept)} dropped).")
    for p in problems:
        print(p)
    shrunk = sorted(k for k in listed if k not in now or now[k] < listed[k])
    if shrunk and "--update" not in argv:
        print(f"{len(shrunk)} listed sizes went down (run `python .ci/sizes.py --update` to lower them): {', '.join(shrunk)}")
    print(f"sizes: {len(now)} modules and functions over the limits, {len(problems)} new or grown.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
