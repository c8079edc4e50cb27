"""Assessments: clinical facts recorded once, every score and the proposed plan derived by
the engine, saved as versions that are never overwritten; and the MDT's decision."""
