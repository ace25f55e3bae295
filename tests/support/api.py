"""Helpers of the JSON API tests."""

from __future__ import annotations

from datetime import date, timedelta


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


YESTERDAY = date.today() - timedelta(days=1)
