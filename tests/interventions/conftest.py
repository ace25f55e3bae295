"""Fixtures of the interventions tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def as_role(signed_in):  # type: ignore[no-untyped-def]
    """Signed-in clients, made once per role per test."""
    clients: dict[str, Any] = {}

    def get(who: str):  # type: ignore[no-untyped-def]
        if who not in clients:
            clients[who] = signed_in(who)
        return clients[who]

    return get
