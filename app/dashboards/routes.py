"""Cross-department dashboard views."""
