"""Text helpers for messages that echo what a user sent."""

from __future__ import annotations

__all__ = ["shorten"]


def shorten(text: str, limit: int = 80) -> str:
    """``text`` itself when at most ``limit`` characters, else its start and its length,
    so that a message echoing a huge value stays readable."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"
