"""Mission slugs made from titles: ASCII, lower case, hyphens, unique among missions."""

from __future__ import annotations

from slugify import slugify
from sqlalchemy import select

from app.extensions import db
from app.models import Mission

SLUG_LENGTH = 80
FALLBACK = "mission"


def slug_from_title(title: str) -> str:
    """'Betri borg fyrir börn' -> 'betri-borg-fyrir-born' (python-slugify transliterates þ, ð,
    æ and accents); a title without a single letter or digit gives 'mission'."""
    return slugify(title, max_length=SLUG_LENGTH - 4, word_boundary=True) or FALLBACK


def unique_slug(title: str, *, mission_id: int | None = None) -> str:
    """A slug from the title that no other mission uses: the plain one, else -2, -3, ...

    One query, whatever the number of missions that share the stem.
    """
    stem = slug_from_title(title)
    taken = set(
        db.session.scalars(
            select(Mission.slug).where(
                (Mission.slug == stem) | Mission.slug.like(f"{stem}-%"),
                Mission.id != (mission_id or 0),
            )
        )
    )
    if stem not in taken:
        return stem
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"
