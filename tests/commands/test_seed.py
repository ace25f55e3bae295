"""`flask seed`: the flag is required (loading the demo city itself: tests/test_seeds.py)."""

from __future__ import annotations


def test_seed_without_demo_flag_is_a_usage_error(cli_runner):
    result = cli_runner.invoke(args=["seed"])
    assert result.exit_code == 2
    assert "pass --demo" in result.output
