"""The Atom feed of a mission's published progress updates (feedgen)."""

from __future__ import annotations

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.database import CONTROL_CHARACTERS
from app.extensions import db
from app.models import Intervention, Mission, ProgressUpdate
from app.reporting.visibility import update_is_public
from app.routing import site_base_url
from app.translating import translated

FEED_LENGTH = 50


def mission_feed(mission: Mission, language: str) -> bytes:
    """Atom XML of the newest published updates of a public mission's public interventions."""
    from feedgen.feed import FeedGenerator

    rows = db.session.execute(
        select(ProgressUpdate, Intervention)
        .join(Intervention, Intervention.id == ProgressUpdate.intervention_id)
        .where(update_is_public(), Intervention.mission_id == mission.id)
        .order_by(ProgressUpdate.published_at.desc(), ProgressUpdate.id.desc())
        .limit(FEED_LENGTH)
    ).tuples()
    base = site_base_url()  # the canonical address, never the request's Host
    page = base + url_for("public.mission", slug=mission.slug)
    with force_locale(language):
        feed = FeedGenerator()
        feed.id(page)
        feed.title(xml_text(translated(mission, "title")))
        feed.subtitle(xml_text(translated(mission, "north_star") or translated(mission, "title")))
        feed.link(href=page, rel="alternate")
        feed.link(
            href=base + url_for("notifications.mission_feed_view", slug=mission.slug),
            rel="self",
        )
        feed.language(language)
        feed.updated(mission.published_at or mission.updated_at)
        for update, intervention in reversed(list(rows)):
            entry = feed.add_entry()
            entry.id(f"{page}#update-{update.id}")
            entry.title(
                _("%(title)s: %(status)s", title=xml_text(translated(intervention, "title")),
                  status=_status_name(str(update.status)))
            )  # fmt: skip
            entry.link(href=page)
            entry.published(update.published_at)
            entry.updated(update.published_at)
            entry.content(xml_text(translated(update, "summary")), type="text")
    xml: bytes = feed.atom_str(pretty=True)
    return xml


def xml_text(text: str) -> str:
    """Text as XML can carry it: control characters stored before the storage policy refused
    them (pasted from a word processor) are dropped, so one of them cannot break the feed."""
    kept = CONTROL_CHARACTERS.sub("", text)
    return kept.encode("utf-8", "ignore").decode("utf-8")  # and lone surrogates


def _status_name(status: str) -> str:
    from app.templating import status_name

    return str(status_name(status))
