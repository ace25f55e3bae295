"""Import and export views."""
