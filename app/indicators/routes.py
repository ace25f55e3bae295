"""Views of the indicators blueprint."""
