"""Public information for patients and families: plain-English pages, no login."""
