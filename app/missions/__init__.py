"""Missions: reads that assemble a mission's portfolio and progress."""
