"""Helpers shared by the Django apps, below them in the import layers (no app imports)."""
