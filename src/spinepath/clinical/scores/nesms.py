"""NESMS – New England Spinal Metastasis Score (clinical-content §6.3, §15.6).

NESMS = min(3, 2·[modified Bauer ≥ 3] + [independently ambulatory] + [albumin ≥ 3.5 g/dL]).
The cap matters: modified Bauer ≥ 3 with exactly one other favourable item scores 3, and
modified Bauer ≥ 3 alone scores 2. §15.6 supersedes the earlier "one point per item"
reading; the score stays flagged *needs sign-off* (one source).
"""

from __future__ import annotations

from spinepath.clinical.logic import Below, Between, IsIn, ScoreBetween
from spinepath.clinical.scores.common import METASTATIC_ONLY
from spinepath.clinical.scores.table import Band, Criterion, Option, PointTable

__all__ = ["NESMS"]

NESMS = PointTable(
    key="nesms",
    name="New England Spinal Metastasis Score (NESMS)",
    version="2016-2-1-1-cap3",
    source="Ghori et al., Spine J 2015; Schoenfeld et al., Spine J 2016 and 2021 "
    "(weights 2/1/1, capped at 3: spec §15.6)",
    spec_section="§15.6",
    confidence="1",
    cap=3,
    higher_is_better=True,
    criteria=(
        Criterion(
            "modified_bauer",
            "Modified Bauer score",
            (
                Option("ge_3", "≥ 3", 2, ScoreBetween("bauer_modified", 3, 4)),
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
        (
            "CV-NESMS-01",
            "Weights 2 (modified Bauer ≥ 3), 1 (independent walking) and 1 (albumin ≥ 35 g/L), "
            "total capped at 3: one source, needs clinical sign-off.",
        ),
    ),
    not_applicable_when=(METASTATIC_ONLY,),
)
