"""NESMS – New England Spinal Metastasis Score (clinical-content §6.3).

The components and the 0–3 range are confirmed; the point values and the albumin
threshold are UNCONFIRMED in the spec, so every result carries "needs clinical sign-off".

The spec's recalled weights (modified Bauer ≥ 3 → 2 points) cannot be right: with the other
two items at 1 point they reach 4, outside the confirmed 0–3 range, and the spec's own case
NE1 (all three favourable) expects 3. One point per favourable item fits the confirmed
range, the Brigham Health description ("the highest score of three": favourable tumour,
ambulatory, albumin) and both spec cases (NE1 = 3, NE2 = 0), so that is what is used here.
"""

from __future__ import annotations

from spinepath.clinical.logic import Below, Between, IsIn, ScoreBetween
from spinepath.clinical.scores.table import Band, Criterion, Option, PointTable

__all__ = ["NESMS"]

NESMS = PointTable(
    key="nesms",
    name="New England Spinal Metastasis Score (NESMS)",
    version="2016-1-1-1",
    source="Ghori et al., Spine J 2015; Schoenfeld et al., Spine J 2016 and 2021 "
    "[point values unconfirmed]",
    spec_section="§6.3",
    confidence="UNCONFIRMED",
    higher_is_better=True,
    criteria=(
        Criterion(
            "modified_bauer",
            "Modified Bauer score",
            (
                Option("ge_3", "≥ 3", 1, ScoreBetween("bauer_modified", 3, 4)),
                Option("le_2", "≤ 2", 0, ScoreBetween("bauer_modified", 0, 2)),
            ),
        ),
        Criterion(
            "ambulatory",
            "Ambulatory status",
            (
                Option(
                    "independent",
                    "Independently ambulatory",
                    1,
                    IsIn("ambulatory", frozenset({"independent"})),
                ),
                Option(
                    "not_independent",
                    "Not independently ambulatory",
                    0,
                    IsIn("ambulatory", frozenset({"assisted", "non_ambulatory"})),
                ),
            ),
        ),
        Criterion(
            "albumin",
            "Serum albumin",
            (
                Option("ge_35", "≥ 35 g/L (3.5 g/dL)", 1, Between("albumin_g_per_l", 35, None)),
                Option("lt_35", "< 35 g/L (3.5 g/dL)", 0, Below("albumin_g_per_l", 35)),
            ),
        ),
    ),
    bands=tuple(
        Band(f"nesms_{n}", f"NESMS {n}", n, n, meaning)
        for n, meaning in (
            (0, "Lowest NESMS: the poorest 1-year survival group."),
            (1, "Odds of 1-year mortality about 31 times those of NESMS 3 (one validation)."),
            (2, "Odds of 1-year mortality about 7 times those of NESMS 3 (one validation)."),
            (3, "Highest NESMS: the best 1-year survival group."),
        )
    ),
    caveats=(
        "NESMS point values and the albumin threshold are not confirmed in a source: "
        "needs clinical sign-off before use.",
        "One point per favourable item (modified Bauer ≥ 3, independent walking, albumin "
        "≥ 35 g/L): the spec's recalled 2 points for modified Bauer would exceed the "
        "published 0–3 range.",
    ),
)
