"""Views of the interventions blueprint."""
