"""Tomita against clinical-content §3 and §11.3."""

from __future__ import annotations

import itertools

import pytest

from spinepath.clinical.scores.table import TableError
from spinepath.clinical.scores.tomita import TOMITA
from tests.clinical import spec_tables as spec
from tests.clinical.helpers import band_code, codes, reachable_codes, said, score

GROWTH_SITE = {1: "breast", 2: "kidney", 4: "lung"}
BONE = {1: (1, 0), 2: (2, 0)}  # points -> (vertebral, extraspinal)


def case(site: str, visceral: str, vertebral: int, extraspinal: int) -> dict:
    return {
        "primary_site": site,
        "visceral_metastases": visceral,
        "vertebral_metastases": vertebral,
        "extraspinal_bone_metastases": extraspinal,
    }


def test_it_scores_all_18_combinations_per_the_table() -> None:
    wrong, count = [], 0
    for growth, visceral, bone in itertools.product(GROWTH_SITE, spec.TOMITA_VISCERAL, BONE):
        facts = case(GROWTH_SITE[growth], visceral, *BONE[bone])
        expected = growth + spec.TOMITA_VISCERAL[visceral] + bone
        result = score("tomita", facts)
        count += 1
        got = (result["status"], result["total"], band_code(result))
        if got != ("complete", expected, spec.band("tomita", expected)):
            wrong.append((facts, got, expected))
    assert count == 18
    assert wrong == []


@pytest.mark.parametrize(
    ("vertebral", "extraspinal", "points"),
    [(1, 0, 1), (2, 0, 2), (1, 1, 2), (5, 3, 2), (1, 4, 2)],
)
def test_it_counts_bone_metastases_including_the_spine(
    vertebral: int, extraspinal: int, points: int
) -> None:
    result = score("tomita", case("breast", "none", vertebral, extraspinal))
    assert result["total"] == 1 + points


@pytest.mark.parametrize("site", sorted(spec.TOMITA_GROWTH))
def test_it_gives_each_named_site_its_growth_points(site: str) -> None:
    result = score("tomita", case(site, "none", 1, 0))
    assert result["status"] == "complete"
    assert result["total"] == spec.TOMITA_GROWTH[site] + 1


@pytest.mark.parametrize(
    "site",
    sorted(set(spec.PRIMARY_SITES) - set(spec.TOMITA_GROWTH) - spec.TOMITA_NOT_APPLICABLE_SITES),
)
def test_it_flags_a_site_tomita_does_not_name_as_needing_sign_off(site: str) -> None:
    result = score("tomita", case(site, "none", 1, 0))
    assert result["status"] == "incomplete"
    assert result["needs_sign_off"] is True
    caveat = said(result["caveats"], "CV-PLACEMENT-01")
    assert site in caveat["text"]
    assert caveat["needs_sign_off"] is True


def test_it_leaves_melanoma_open_with_a_sign_off_caveat_not_a_guess() -> None:
    result = score("tomita", case("melanoma", "none", 1, 0))
    # Not named by Tomita (§3 traps, §15.14): the growth item stays open, 1, 2 or 4 points.
    assert result["status"] == "incomplete"
    assert result["total"] is None
    assert (result["min"], result["max"]) == (2, 5)
    assert "sign-off" in said(result["caveats"], "CV-PLACEMENT-01")["text"]


@pytest.mark.parametrize(
    "facts",
    [
        {"primary_site": "myeloma"},
        {"primary_site": "lymphoma"},
        {"histology": "myeloma_plasmacytoma"},
        {"histology": "lymphoma"},
        {"primary_site": "breast", "histology": "lymphoma"},
    ],
)
def test_it_does_not_apply_to_myeloma_or_lymphoma(facts: dict) -> None:
    # §15.14: their treatment is radiotherapy and systemic therapy (§15.5).
    result = score("tomita", {**case("breast", "none", 1, 0), **facts})
    assert result["status"] == "not_applicable"
    assert (result["total"], result["min"], result["max"], result["band"]) == (
        None,
        None,
        None,
        None,
    )
    assert "myeloma" in result["reason"]
    assert "lymphoma" in result["reason"]
    assert "CV-PLACEMENT-01" not in codes(result["caveats"])


@pytest.mark.parametrize("total", range(2, 11))
def test_it_bands_every_total_per_the_spec(total: int) -> None:
    assert TOMITA.band_for(total).code == spec.band("tomita", total)


def test_its_range_is_2_to_10_so_rapid_growth_scores_4_not_3() -> None:
    assert (TOMITA.low, TOMITA.high) == (2, 10)
    for total in (1, 11):
        with pytest.raises(TableError):
            TOMITA.band_for(total)


def test_lower_is_better() -> None:
    assert TOMITA.higher_is_better is False


# --- §11.3 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case_id", "facts", "total", "band"),
    [
        ("Tm1", case("breast", "none", 1, 0), 2, "long_term_control"),
        ("Tm2", case("prostate", "none", 2, 0), 3, "long_term_control"),
        ("Tm3", case("kidney", "none", 2, 0), 4, "middle_term_control"),
        ("Tm4", case("breast", "removable", 2, 0), 5, "middle_term_control"),
        ("Tm5", case("lung", "none", 2, 0), 6, "short_term_palliation"),
        ("Tm6", case("kidney", "unremovable", 1, 0), 7, "short_term_palliation"),
        ("Tm7", case("lung", "removable", 2, 0), 8, "terminal_care"),
        ("Tm8", case("unknown", "unremovable", 2, 0), 10, "terminal_care"),
    ],
)
def test_it_scores_tm1_to_tm8_per_the_spec(
    case_id: str, facts: dict, total: int, band: str
) -> None:
    result = score("tomita", facts)
    assert (result["status"], result["total"], band_code(result)) == ("complete", total, band)


def test_it_scores_tm8_10_terminal_care_with_mean_survival_6_months() -> None:
    result = score("tomita", case("unknown", "unremovable", 2, 0))
    assert result["total"] == 10
    assert "6 months" in result["band"]["meaning"]


@pytest.mark.parametrize(
    ("total", "survival"), [(2, "50 months"), (4, "23.5 months"), (6, "15 months"), (8, "6 months")]
)
def test_it_carries_adler_mean_survival_by_band(total: int, survival: str) -> None:
    assert survival in TOMITA.band_for(total).meaning


def test_it_knows_multiple_bone_metastases_from_the_vertebral_count_alone() -> None:
    result = score(
        "tomita",
        {"primary_site": "breast", "visceral_metastases": "none", "vertebral_metastases": 2},
    )
    assert (result["status"], result["total"]) == ("complete", 3)
    assert reachable_codes(result) == {"long_term_control"}
