"""Views of the missions blueprint."""
