"""Fixtures of the import/export tests: a private staging folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def staging_dir(app, tmp_path: Path) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    """Staged uploads go to a folder of this test, not to instance/."""
    folder = tmp_path / "staging"
    before = app.config.get("TRANSFER_STAGING_DIR")
    app.config["TRANSFER_STAGING_DIR"] = str(folder)
    yield folder
    app.config["TRANSFER_STAGING_DIR"] = before
