"""`flask rounds open-due`: the configured days open each mission's round once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Mission, ReportingRound, StatusReport
from app.rounds.services import latest_round_day, round_title
from config import ConfigError, load_config


def _rounds() -> list[ReportingRound]:
    return list(db.session.scalars(select(ReportingRound).order_by(ReportingRound.opened_on)))


def test_open_due_opens_the_round_of_the_day_once(app, ctx, city, cli_runner):
    result = cli_runner.invoke(args=["rounds", "open-due", "--today", "2026-07-03"])
    assert result.exit_code == 0, result.output
    assert "opened 'July 2026'" in result.output
    (opened,) = _rounds()
    assert (opened.opened_on, opened.due_on, opened.opened_by_id) == (
        date(2026, 7, 1), date(2026, 7, 31), None,
    )  # fmt: skip
    assert db.session.scalar(select(func.count()).select_from(StatusReport)) == 2
    again = cli_runner.invoke(args=["rounds", "open-due", "--today", "2026-07-04"])
    assert again.exit_code == 0
    assert "already opened" in again.output
    assert len(_rounds()) == 1


def test_an_open_round_holds_the_next_one_back(app, ctx, city, cli_runner):
    cli_runner.invoke(args=["rounds", "open-due", "--today", "2026-07-03"])
    result = cli_runner.invoke(args=["rounds", "open-due", "--today", "2027-01-02"])
    assert "still open" in result.output
    assert len(_rounds()) == 1


def test_a_day_long_past_is_not_caught_up_on(app, ctx, city, cli_runner):
    result = cli_runner.invoke(args=["rounds", "open-due", "--today", "2026-12-02"])
    assert "no round due" in result.output
    assert _rounds() == []


def test_only_active_missions_get_rounds(app, ctx, city, cli_runner):
    db.session.get(Mission, city.mission.id).status = "paused"
    db.session.commit()
    cli_runner.invoke(args=["rounds", "open-due", "--today", "2026-07-01"])
    assert _rounds() == []


def test_bad_dates_on_the_command_line_are_refused(app, ctx, city, cli_runner):
    result = cli_runner.invoke(args=["rounds", "open-due", "--today", "2026-02-30"])
    assert result.exit_code != 0
    assert _rounds() == []


def test_the_latest_round_day_and_its_title():
    days = ((1, 1), (7, 1))
    assert latest_round_day(date(2026, 6, 30), days) == date(2026, 1, 1)
    assert latest_round_day(date(2026, 7, 1), days) == date(2026, 7, 1)
    assert latest_round_day(date(2026, 1, 1), ((7, 1),)) == date(2025, 7, 1)
    assert latest_round_day(date(2026, 3, 1), ((2, 29),)) is None  # no 29 February then


def test_the_round_title_is_in_the_source_language(app, ctx):
    assert round_title(date(2026, 7, 1)) == "July 2026"
    assert round_title(date(2026, 7, 1), "is") == "Júlí 2026"
    assert round_title(date(2027, 1, 1), "pl") == "Styczeń 2027"


def test_a_round_opened_on_its_day_is_titled_in_every_language(app, ctx, city, cli_runner):
    """Month names are the app's words, not content: the round opened by the command has its
    title in each configured language, so an Icelandic reader sees no English month."""
    result = cli_runner.invoke(args=["rounds", "open-due", "--today", "2026-07-03"])
    assert result.exit_code == 0, result.output
    (opened,) = _rounds()
    assert opened.translations == {"is": {"title": "Júlí 2026"}}


@pytest.mark.parametrize("raw", ["13-01", "1-1", "02-30", "07-01,xx", "00-10"])
def test_bad_round_dates_in_the_configuration_are_refused(monkeypatch, raw):
    monkeypatch.setenv("REPORT_ROUND_DATES", raw)
    with pytest.raises(ConfigError, match="REPORT_ROUND_DATES"):
        load_config("test")


def test_the_round_dates_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("REPORT_ROUND_DATES", "03-15, 09-15")
    monkeypatch.setenv("REPORT_ROUND_DUE_DAYS", "45")
    config = load_config("test")
    assert config.REPORT_ROUND_DATES == ((3, 15), (9, 15))
    assert config.REPORT_ROUND_DUE_DAYS == 45
