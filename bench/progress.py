"""Benchmark the progress engine: series assessed per second, and a mission roll-up in ms.

Run with ``PYTHONPATH=. .venv/bin/python bench/progress.py [--series N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from datetime import date

from app.progress import assess_series
from app.progress.implementation import InterventionFacts, UpdateFact
from app.progress.rollup import IndicatorInput, InterventionInput, rollup_mission

Case = tuple[list[tuple[int, float | None]], str, float | None, int | None, float | None]


def random_series(rng: random.Random, count: int) -> list[Case]:
    """Yearly series of 5 to 20 points, about half with a target, some with a limit or gaps."""
    cases: list[Case] = []
    for _ in range(count):
        length = rng.randint(5, 20)
        start = rng.randint(1995, 2015)
        value = rng.uniform(1, 100)
        trend = rng.uniform(-0.08, 0.08)
        points: list[tuple[int, float | None]] = []
        for year in range(start, start + length):
            value *= 1 + trend + rng.gauss(0, 0.02)
            points.append((year, None if rng.random() < 0.05 else round(value, 3)))
        direction = rng.choice(("increase", "decrease"))
        target = target_year = limit = None
        if rng.random() < 0.5:
            target = round(points[0][1] or value, 3) * rng.uniform(0.3, 2.0)
            target_year = start + length + rng.randint(1, 10)
        elif rng.random() < 0.3:
            limit = 100.0
        cases.append((points, direction, target, target_year, limit))
    return cases


def bench_series(count: int, seed: int) -> tuple[float, Counter[str]]:
    cases = random_series(random.Random(seed), count)
    statuses: Counter[str] = Counter()
    started = time.perf_counter()
    for points, direction, target, target_year, limit in cases:
        result = assess_series(
            points, direction=direction, target=target, target_period=target_year, limit=limit
        )
        statuses[result.status] += 1
    return time.perf_counter() - started, statuses


def mission_inputs(
    rng: random.Random, indicator_count: int, months: int
) -> tuple[list[IndicatorInput], list[InterventionInput]]:
    periods = [date(2015 + m // 12, m % 12 + 1, 1) for m in range(months)]
    indicators = []
    for index in range(indicator_count):
        value = rng.uniform(10, 90)
        series = []
        for period in periods:
            value *= 1 + rng.gauss(0.002, 0.01)
            series.append((period, round(value, 2)))
        with_target = index % 2 == 0
        indicators.append(
            IndicatorInput(
                id=index,
                outcome_id=index % 6,
                level="mission_outcome" if index % 4 else "intervention_output",
                direction=rng.choice(("increase", "decrease")),
                baseline_period=periods[0],
                baseline_value=series[0][1],
                target_value=series[0][1] * 1.3 if with_target else None,
                target_period=date(2030, 1, 1) if with_target else None,
                limit=None if with_target else 100.0,
                frequency="monthly",
                series={None: series},
            )
        )
    interventions = [
        InterventionInput(
            facts=InterventionFacts(
                id=index,
                stage="scale",
                start_date=date(2020, 1, 1),
                update_cycle_days=90,
                latest_update=UpdateFact(date(2024, 12, 1), "on_track"),
            ),
            outcome_id=index % 6,
            lead_department_id=index % 5,
            age_min=index % 12,
            age_max=index % 12 + 4,
        )
        for index in range(60)
    ]
    return indicators, interventions


def bench_rollup(seed: int, repeats: int = 5) -> float:
    indicators, interventions = mission_inputs(random.Random(seed), 240, 120)
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        rollup_mission(indicators, interventions, today=date(2025, 6, 1), age_min=0, age_max=18)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--series", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    seconds, statuses = bench_series(args.series, args.seed)
    print(f"{'benchmark':<44}{'count':>10}{'seconds':>10}{'per second':>14}")
    print(
        f"{'assess_series (yearly, 5-20 points)':<44}{args.series:>10}{seconds:>10.3f}"
        f"{args.series / seconds:>14,.0f}"
    )
    rollup_seconds = bench_rollup(args.seed)
    print(
        f"{'rollup_mission (240 ind. x 120 monthly)':<44}{240:>10}{rollup_seconds:>10.3f}"
        f"{240 / rollup_seconds:>14,.0f}"
    )
    print(f"\nrollup_mission: {rollup_seconds * 1000:.1f} ms (best of 5)")
    print("statuses: " + ", ".join(f"{key} {value}" for key, value in sorted(statuses.items())))


if __name__ == "__main__":
    main()
