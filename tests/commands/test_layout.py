"""The commands sit on top: only the factory imports them, so no import cycle runs through them."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_only_the_factory_imports_the_commands():
    importers = sorted(
        str(path.relative_to(APP.parent))
        for path in APP.rglob("*.py")
        if "commands" not in path.relative_to(APP).parts
        and any(
            name == "app.commands" or name.startswith("app.commands.")
            for name in _imported_modules(path)
        )
    )
    assert importers == ["app/__init__.py"]


def test_every_command_is_registered(app):
    assert {"seed", "users", "progress", "import", "export", "backup", "restore"} <= set(
        app.cli.commands
    )
    assert set(app.cli.commands["export"].commands) == {"measurements", "interventions", "updates"}
    assert set(app.cli.commands["import"].commands) == {"measurements", "interventions"}
