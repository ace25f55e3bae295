"""The staff indicator dashboard: the full series of one indicator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.privacy import suppress_breakdowns
from app.reporting.progress import IndicatorProgress, load_indicator_progress


@dataclass(frozen=True)
class IndicatorDashboard(IndicatorProgress):
    """An indicator with its whole series (every breakdown) and the assessment, and what the
    public pages withhold of it."""

    # (breakdown key, period) of values the public pages withhold (small numbers).
    withheld_in_public: frozenset[tuple[str, date]]
    today: date

    @property
    def periods(self) -> list[date]:
        """Every period with a value in any series, newest first."""
        found = {period for period, _value in self.headline}
        for points in self.breakdowns.values():
            found.update(period for period, _value in points)
        return sorted(found, reverse=True)

    def table(self) -> list[tuple[date, float | None, list[tuple[float | None, bool]]]]:
        """Rows of the table view: period, headline value, then each breakdown's value (in key
        order) with whether the public pages withhold it."""
        headline = dict(self.headline)
        keys = sorted(self.breakdowns)
        columns = {key: dict(self.breakdowns[key]) for key in keys}
        return [
            (
                period,
                headline.get(period),
                [
                    (columns[key].get(period), (key, period) in self.withheld_in_public)
                    for key in keys
                ],
            )
            for period in self.periods
        ]


def load_indicator_dashboard(
    indicator_id: int, today: date, threshold: int
) -> IndicatorDashboard | None:
    """An indicator with its mission, outcome, owner, targets and every value, or None."""
    progress = load_indicator_progress(indicator_id, published_only=False, today=today)
    if progress is None:
        return None
    indicator = progress.indicator
    withheld: frozenset[tuple[str, date]] = frozenset()
    if indicator.sensitive:
        public, _any_withheld = suppress_breakdowns(progress.breakdowns, True, threshold)
        withheld = frozenset(
            (key, point.period)
            for key, points in public.items()
            for point in points
            if point.withheld
        )
    return IndicatorDashboard(
        indicator=indicator,
        result=progress.result,
        headline=progress.headline,
        provisional=progress.provisional,
        breakdowns=progress.breakdowns,
        interim_targets=progress.interim_targets,
        override_author=progress.override_author,
        last_changed=progress.last_changed,
        withheld_in_public=withheld,
        today=today,
    )
