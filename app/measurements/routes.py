"""Views of the measurements blueprint."""
