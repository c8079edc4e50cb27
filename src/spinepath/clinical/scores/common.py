"""Conditions several tables share, built from the catalogue (one source per fact)."""

from __future__ import annotations

from spinepath.clinical.catalogue import PRIMARY_SITES, sites_placed_in
from spinepath.clinical.logic import AllOf, AnyOf, Between, Condition, IsIn, OpenWhen

__all__ = ["MULTIPLE_SKELETAL", "SOLITARY_SKELETAL", "kps_between", "site_in"]


def site_in(mapping: str, group: str) -> Condition:
    """The primary site is placed in ``group`` by catalogue ``mapping``.

    A site the mapping cannot place at all leaves every group possible (open), so the
    item stays incomplete instead of being guessed.
    """
    unplaced = frozenset(
        code for code, site in PRIMARY_SITES.items() if site.placements[mapping].group is None
    )
    placed = IsIn("primary_site", sites_placed_in(mapping, group))
    if not unplaced:
        return placed
    return AnyOf((placed, OpenWhen(IsIn("primary_site", unplaced))))


def kps_between(low: int, high: int) -> Condition:
    return Between("kps", low, high)


SOLITARY_SKELETAL: Condition = AllOf(
    (Between("vertebral_metastases", 1, 1), Between("extraspinal_bone_metastases", 0, 0))
)
"""One skeletal metastasis in all: a single vertebra and nothing outside the spine."""

MULTIPLE_SKELETAL: Condition = AnyOf(
    (Between("vertebral_metastases", 2, None), Between("extraspinal_bone_metastases", 1, None))
)
"""More than one: known as soon as either count says so, even if the other is missing."""
