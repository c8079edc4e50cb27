"""Clinic sites where patients are seen (London, Norwich, ...)."""
