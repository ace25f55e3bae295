"""Dashboards: SQL aggregates and pure chart builders shared by staff and public pages."""
