"""The architecture holds: every module imports on its own; the import contracts (checked by
`lint-imports` in make test) name every package."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _modules() -> list[str]:
    """Every module and package of app (app itself included)."""
    import app

    names = ["app"]
    for info in pkgutil.walk_packages(app.__path__, prefix="app."):
        names.append(info.name)
    return sorted(names)


# Imports each module with no module of app loaded before it (third-party libraries stay loaded,
# which only saves time), all in one fresh interpreter; prints one line per failure.
IMPORT_EACH = """
import importlib, pkgutil, sys, warnings
warnings.simplefilter("error")
for name in sys.argv[1:]:
    for key in [k for k in sys.modules if k == "app" or k.startswith("app.")]:
        del sys.modules[key]
    try:
        importlib.import_module(name)
    except Exception as error:
        print(f"{name}: {type(error).__name__}: {error}")
"""


@pytest.mark.slow
@pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")),
    reason="imports do not depend on the database: checked once, in the SQLite run",
)
def test_every_module_imports_on_its_own() -> None:
    """A module that works only because another was imported first hides a cycle."""
    names = _modules()
    assert "app.reporting.progress" in names
    completed = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH, *names],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.strip() == ""


def test_a_module_that_needs_another_first_is_caught(tmp_path: Path) -> None:
    """The check above finds an import cycle that only breaks when a module is imported first."""
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from app.b import B\nA = 1\n")
    (package / "b.py").write_text("from app.a import A\nB = 2\n")
    completed = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH, "app.a", "app.b"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.stdout.count("ImportError") == 2, completed.stdout


def test_the_purity_contract_names_every_package_of_app() -> None:
    """A new top-level package must be forbidden to app.progress too: the list is explicit."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    purity = next(c for c in contracts if c["source_modules"] == ["app.progress"])
    forbidden = set(purity["forbidden_modules"])
    tops = {
        f"app.{info.name}"
        for info in pkgutil.iter_modules([str(ROOT / "app")])
        if info.name != "progress"
    }
    assert tops <= forbidden, sorted(tops - forbidden)


def test_no_cycles_between_top_level_packages() -> None:
    """A top-level package or module of app never imports, directly or not, one that imports it
    back (within a package, modules may lean on each other)."""
    import grimp

    graph = grimp.build_graph("app")
    tops = sorted(module for module in graph.modules if module.count(".") == 1)
    for top in tops:
        if graph.find_children(top):
            graph.squash_module(top)
    imports = {
        top: {other for other in graph.find_modules_directly_imported_by(top) if other in tops}
        for top in tops
    }

    def reachable(start: str) -> set[str]:
        seen: set[str] = set()
        stack = [start]
        while stack:
            for other in imports[stack.pop()]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        return seen

    cycles = sorted(
        {tuple(sorted((a, b))) for a in tops for b in imports[a] if a in reachable(b) and a != b}
    )
    assert cycles == []
