"""Fixtures of the source tests: a private staging folder and short network limits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def source_settings(app, tmp_path: Path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Staged uploads in a folder of this test; a short timeout so failing tests stay fast."""
    saved = {key: app.config.get(key) for key in
             ("TRANSFER_STAGING_DIR", "SOURCE_TIMEOUT_SECONDS", "SOURCE_MAX_BYTES",
              "SOURCE_ALLOW_PRIVATE_ADDRESSES")}  # fmt: skip
    app.config["TRANSFER_STAGING_DIR"] = str(tmp_path / "staging")
    app.config["SOURCE_TIMEOUT_SECONDS"] = 1.0
    app.config["SOURCE_MAX_BYTES"] = 64 * 1024
    # The test servers listen on 127.0.0.1 (test_fetching checks the refusal with this off).
    app.config["SOURCE_ALLOW_PRIVATE_ADDRESSES"] = True
    yield
    app.config.update(saved)
