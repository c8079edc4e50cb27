"""SINS against clinical-content §1 and the §11.1 cases."""

from __future__ import annotations

import itertools

import pytest

from spinepath.clinical.case import CaseValidationError, parse_case
from spinepath.clinical.catalogue import LEVEL_LOCATION
from spinepath.clinical.scores.sins import SINS
from spinepath.clinical.scores.table import TableError
from tests.clinical import spec_tables as spec
from tests.clinical.helpers import band_code, reachable_codes, sins_of

ZERO_ITEMS = {
    "pain": "none",
    "bone_lesion": "blastic",
    "alignment": "normal",
    "collapse": "none",
    "posterolateral": "none",
}


def lesion(level: str, pain: str, bone: str, alignment: str, collapse: str, postero: str) -> dict:
    return {
        "level": level,
        "pain": pain,
        "bone_lesion": bone,
        "alignment": alignment,
        "collapse": collapse,
        "posterolateral": postero,
    }


# --- §1.2 level -> location ---------------------------------------------------------------


def test_it_maps_exactly_the_thirty_levels_c0_to_s5() -> None:
    assert dict(LEVEL_LOCATION) == spec.SINS_LEVEL_LOCATION


@pytest.mark.parametrize("level", list(spec.SINS_LEVEL_LOCATION))
def test_it_scores_each_level_with_its_spec_location_points(level: str) -> None:
    result = sins_of({"level": level, **ZERO_ITEMS})
    expected = spec.SINS_LOCATION_POINTS[spec.SINS_LEVEL_LOCATION[level]]
    assert result["status"] == "complete"
    assert result["total"] == expected


@pytest.mark.parametrize(
    ("level", "points"),
    [
        ("C0", 3),
        ("C2", 3),
        ("C3", 2),
        ("C6", 2),
        ("C7", 3),
        ("T2", 3),
        ("T3", 1),
        ("T10", 1),
        ("T11", 3),
        ("L1", 3),
        ("L2", 2),
        ("L4", 2),
        ("L5", 3),
        ("S1", 3),
        ("S2", 0),
        ("S5", 0),
    ],
)
def test_it_meets_the_s11_level_mapping_assertions(level: str, points: int) -> None:
    assert sins_of({"level": level, **ZERO_ITEMS})["total"] == points


def test_it_leaves_the_coccyx_out_of_the_level_mapping() -> None:
    assert not any(level.lower().startswith("co") for level in LEVEL_LOCATION)


# --- §1.1 every combination -------------------------------------------------------------------


@pytest.mark.parametrize("location", list(spec.SINS_LOCATION_POINTS))
def test_it_scores_all_324_combinations_of_each_location_class_per_the_table(
    location: str,
) -> None:
    level = spec.SINS_REPRESENTATIVE_LEVEL[location]
    items = list(spec.SINS_ITEMS)
    wrong = []
    count = 0
    for answers in itertools.product(*(spec.SINS_ITEMS[i] for i in items)):
        facts = dict(zip(items, answers, strict=True))
        expected = spec.SINS_LOCATION_POINTS[location] + sum(
            spec.SINS_ITEMS[i][a] for i, a in facts.items()
        )
        result = sins_of({"level": level, **facts})
        count += 1
        got = (result["status"], result["total"], band_code(result))
        if got != ("complete", expected, spec.band("sins", expected)):
            wrong.append((facts, got, expected))
    assert count == 324
    assert wrong == []


def test_it_has_1296_combinations_in_all() -> None:
    sizes = [len(spec.SINS_LOCATION_POINTS), *(len(v) for v in spec.SINS_ITEMS.values())]
    assert len(SINS.criteria) == 6
    assert [len(c.options) for c in SINS.criteria] == sizes
    assert len(list(itertools.product(*(range(n) for n in sizes)))) == 1296


# --- §1.3 bands ---------------------------------------------------------------------------


@pytest.mark.parametrize("total", range(0, 19))
def test_it_puts_every_total_in_exactly_the_spec_band(total: int) -> None:
    assert SINS.band_for(total).code == spec.band("sins", total)


@pytest.mark.parametrize("total", [-1, 19])
def test_it_has_no_band_outside_0_to_18(total: int) -> None:
    with pytest.raises(TableError):
        SINS.band_for(total)


def test_its_range_is_0_to_18() -> None:
    assert (SINS.low, SINS.high) == (0, 18)


# --- §11.1 named cases --------------------------------------------------------------------


def assert_sins(result: dict, total: int, band: str) -> None:
    assert result["status"] == "complete"
    assert result["total"] == total
    assert band_code(result) == band


def test_it_scores_s1_as_0_stable() -> None:
    assert_sins(sins_of(lesion("S3", "none", "blastic", "normal", "none", "none")), 0, "stable")


def test_it_scores_s2_as_18_unstable() -> None:
    result = sins_of(lesion("C1", "mechanical", "lytic", "subluxation", "over_50", "bilateral"))
    assert_sins(result, 18, "unstable")


def test_it_scores_s3_as_6_stable_at_the_upper_edge() -> None:
    result = sins_of(lesion("T6", "occasional", "lytic", "normal", "under_50", "none"))
    assert_sins(result, 6, "stable")


def test_it_scores_s4_as_7_potentially_unstable_at_the_lower_edge() -> None:
    result = sins_of(lesion("T6", "mechanical", "lytic", "normal", "body_involved", "none"))
    assert_sins(result, 7, "potentially_unstable")


def test_it_scores_s5_as_12_potentially_unstable_at_the_upper_edge() -> None:
    result = sins_of(lesion("L3", "mechanical", "lytic", "deformity", "under_50", "unilateral"))
    assert_sins(result, 12, "potentially_unstable")


def test_it_scores_s6_as_13_unstable_at_the_lower_edge() -> None:
    result = sins_of(lesion("L1", "mechanical", "lytic", "deformity", "under_50", "unilateral"))
    assert_sins(result, 13, "unstable")


def test_it_scores_s7_as_6_stable() -> None:
    result = sins_of(lesion("T12", "occasional", "mixed", "normal", "none", "unilateral"))
    assert_sins(result, 6, "stable")


def test_it_scores_s8_as_4_stable() -> None:
    result = sins_of(lesion("C7", "none", "blastic", "normal", "body_involved", "none"))
    assert_sins(result, 4, "stable")


def test_it_scores_s9_as_17_unstable() -> None:
    result = sins_of(lesion("L5", "mechanical", "mixed", "subluxation", "over_50", "bilateral"))
    assert_sins(result, 17, "unstable")


@pytest.mark.parametrize("level", ["Coccyx", "coccyx", "Co1", "CO", "C8", "T13", "L6", "S6", "l1"])
def test_it_rejects_s10_a_coccyx_or_unknown_level_naming_the_field_and_allowed_levels(
    level: str,
) -> None:
    case = {"lesions": [{**lesion(level, "mechanical", "lytic", "normal", "none", "none")}]}
    with pytest.raises(CaseValidationError) as caught:
        parse_case(case)
    (error,) = caught.value.errors
    assert error.field == "lesions[0].level"
    assert error.value == level
    for allowed in ("C0", "C7", "T12", "L5", "S1", "S5"):
        assert allowed in error.allowed
    assert "Co1" not in error.allowed


def test_it_reports_s11_missing_pain_as_incomplete_never_as_0() -> None:
    result = sins_of(
        {
            "level": "T8",
            "bone_lesion": "lytic",
            "alignment": "normal",
            "collapse": "under_50",
            "posterolateral": "none",
        }
    )
    # T8 1 + lytic 2 + normal 0 + <50% 2 + none 0 = 5, pain adds 0, 1 or 3.
    assert result["status"] == "incomplete"
    assert result["total"] is None
    assert (result["min"], result["max"]) == (5, 8)
    assert reachable_codes(result) == {"stable", "potentially_unstable"}
    assert "pain" in result["missing"]


def test_it_bounds_s12_to_11_18_then_scores_14_unstable_once_completed() -> None:
    known = {
        "level": "L1",
        "bone_lesion": "lytic",
        "collapse": "over_50",
        "posterolateral": "bilateral",
    }
    partial = sins_of(known)
    assert partial["status"] == "incomplete"
    assert partial["total"] is None
    assert (partial["min"], partial["max"]) == (11, 18)
    assert reachable_codes(partial) == {"potentially_unstable", "unstable"}
    assert set(partial["missing"]) == {"pain", "alignment"}

    completed = sins_of({**known, "pain": "mechanical", "alignment": "normal"})
    assert_sins(completed, 14, "unstable")


def test_it_reports_a_case_without_lesions_as_incomplete_over_the_whole_range() -> None:
    result = sins_of()
    assert result["status"] == "incomplete"
    assert result["total"] is None
    assert (result["min"], result["max"]) == (0, 18)


# --- several lesions (case-format §1: case SINS = highest lesion, every lesion listed) ---


def test_it_takes_the_highest_scoring_lesion_and_lists_every_lesion() -> None:
    s3 = lesion("T6", "occasional", "lytic", "normal", "under_50", "none")  # 6
    s6 = lesion("L1", "mechanical", "lytic", "deformity", "under_50", "unilateral")  # 13
    s8 = lesion("C7", "none", "blastic", "normal", "body_involved", "none")  # 4
    result = sins_of(s3, s6, s8)
    assert_sins(result, 13, "unstable")
    assert result["lesion"] == "L1"
    assert [(item["level"], item["total"]) for item in result["lesions"]] == [
        ("T6", 6),
        ("L1", 13),
        ("C7", 4),
    ]


def test_it_keeps_the_case_sins_open_while_a_lesion_could_still_exceed_the_worst() -> None:
    s3 = lesion("T6", "occasional", "lytic", "normal", "under_50", "none")  # 6
    open_lesion = {"level": "L1", "bone_lesion": "lytic"}  # 3 + 2 + 0..13 = 5..18
    result = sins_of(s3, open_lesion)
    assert result["status"] == "incomplete"
    assert (result["min"], result["max"]) == (6, 18)


def test_the_case_sins_is_complete_when_an_open_lesion_can_at_most_tie_the_worst_lesion() -> None:
    settled = lesion("S2", "mechanical", "lytic", "normal", "under_50", "bilateral")  # 0+3+2+0+2+3
    open_lesion = {
        "pain": "mechanical",
        "bone_lesion": "mixed",
        "alignment": "normal",
        "posterolateral": "none",
    }  # no level, no collapse: 4..10
    assert spec.sins_total(settled) == 10
    for order in ((settled, open_lesion), (open_lesion, settled)):
        result = sins_of(*order)
        assert (result["status"], result["total"]) == ("complete", 10), order
