"""Modules with one job: app modules under 500 lines, functions under 80.

Migrations, tests and the data files named in docs/architecture.md are the exceptions; a new
exception is added there and here together, with its reason.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80

# Data, not logic (docs/architecture.md, "Size limits").
LONG_MODULES = {
    "khibra/opportunities/template_data.py",
    "khibra/demo/data.py",
}
LONG_FUNCTIONS: set[str] = set()


def _app_modules():
    for path in sorted((ROOT / "khibra").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        parts = set(path.parts)
        if "migrations" in parts or "tests" in parts or path.name.startswith("test_"):
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_app_modules_stay_under_the_line_limit():
    too_long = [
        f"{name} ({source.count(chr(10))} lines)"
        for name, source in _app_modules()
        if source.count("\n") > MAX_MODULE_LINES and name not in LONG_MODULES
    ]
    assert not too_long, "split these modules by job: " + ", ".join(too_long)


def test_functions_stay_under_the_line_limit():
    too_long = []
    for name, source in _app_modules():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES and f"{name}:{node.name}" not in LONG_FUNCTIONS:
                    too_long.append(f"{name}:{node.name} ({length} lines)")
    assert not too_long, "split these functions: " + ", ".join(too_long)


@pytest.mark.parametrize("name", sorted(LONG_MODULES))
def test_named_exceptions_still_exist(name):
    """An exception outlives its file only by mistake."""
    assert (ROOT / name).exists()
