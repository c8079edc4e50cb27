"""Conditions several tables share, built from the catalogue (one source per fact)."""

from __future__ import annotations

from spinepath.clinical.catalogue import (
    HAEMATOLOGICAL_HISTOLOGIES,
    HAEMATOLOGICAL_SITES,
    HISTOLOGIES,
    PRIMARY_SITES,
    sites_placed_in,
)
from spinepath.clinical.logic import AllOf, AnyOf, Between, Condition, IsIn, OpenWhen
from spinepath.clinical.provenance import Provenance
from spinepath.clinical.scores.table import NotApplicableWhen

__all__ = [
    "HAEMATOLOGICAL",
    "METASTATIC_ONLY",
    "MULTIPLE_SKELETAL",
    "NOT_METASTATIC_HISTOLOGIES",
    "SOLITARY_SKELETAL",
    "kps_between",
    "site_in",
]

NOT_METASTATIC_HISTOLOGIES = frozenset(
    code
    for code, histology in HISTOLOGIES.items()
    if histology.origin == "primary" and code not in HAEMATOLOGICAL_HISTOLOGIES
)
"""Benign and primary spinal tumours: the metastasis prognosis scores were not built on
them (spec §15.7). Myeloma/plasmacytoma and lymphoma stay in (Bauer names them)."""

METASTATIC_ONLY = NotApplicableWhen(
    "NA-PROGNOSIS-01",
    IsIn("histology", NOT_METASTATIC_HISTOLOGIES),
    "it was built on metastatic spinal disease and does not apply to a benign or primary "
    "spinal tumour",
    Provenance("clinical-content §15.7 safety amendment", "§15.7", "2+"),
)
"""The metastasis prognosis scores (Tokuhashi, Tomita, Bauer, van der Linden, NESMS)."""

HAEMATOLOGICAL: Condition = AnyOf(
    (
        IsIn("primary_site", HAEMATOLOGICAL_SITES),
        IsIn("histology", HAEMATOLOGICAL_HISTOLOGIES),
    )
)
"""Myeloma / plasmacytoma or lymphoma, by primary site or histology."""


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
