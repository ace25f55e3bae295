"""app.progress stays pure: importable without Flask, SQLAlchemy or the rest of the app."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "app" / "progress"
FORBIDDEN = ("flask", "flask_sqlalchemy", "sqlalchemy", "flask_login", "flask_wtf", "wtforms")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_modules_import_only_stdlib_and_app_progress() -> None:
    files = sorted(PACKAGE.glob("*.py"))
    assert {f.name for f in files} >= {
        "__init__.py",
        "outcome.py",
        "implementation.py",
        "freshness.py",
        "rollup.py",
    }
    for path in files:
        for name in imported_modules(path):
            top = name.split(".")[0]
            assert top not in FORBIDDEN, f"{path.name} imports {name}"
            if top == "app":
                assert name.startswith("app.progress"), f"{path.name} imports {name}"
            else:
                assert top in sys.stdlib_module_names or top == "__future__", (path.name, name)


def test_package_imports_with_flask_blocked() -> None:
    # Load app.progress under a bare "app" package so app/__init__.py (which wires Flask) is not
    # run, and make any import of Flask or SQLAlchemy fail.
    script = f"""
import sys, types
for name in {FORBIDDEN!r}:
    sys.modules[name] = None
app = types.ModuleType("app")
app.__path__ = [{str(PACKAGE.parent)!r}]
sys.modules["app"] = app
import app.progress, app.progress.rollup
from datetime import date
result = app.progress.assess_series([(2021, 40), (2024, 28)], direction="decrease", target=10,
                                    target_period=2030)
assert result.status == "moderate_progress", result.status
loaded = sorted(m for m in sys.modules if m.startswith("app."))
print(",".join(loaded))
"""
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().split(",") == [
        "app.progress",
        "app.progress.freshness",
        "app.progress.implementation",
        "app.progress.outcome",
        "app.progress.rollup",
        "app.progress.vocabulary",
    ]
