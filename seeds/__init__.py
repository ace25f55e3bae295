"""Idempotent seed loaders; `flask seed --demo` calls load_demo_city()."""

from seeds.demo import SeedSummary, load_demo_city

__all__ = ["SeedSummary", "load_demo_city"]
