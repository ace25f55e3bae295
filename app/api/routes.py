"""API v1 views."""
