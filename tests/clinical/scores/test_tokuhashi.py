"""Revised (2005) and original (1990) Tokuhashi against clinical-content §2 and §11.2."""

from __future__ import annotations

import itertools

import pytest

from spinepath.clinical.scores.table import TableError
from spinepath.clinical.scores.tokuhashi import TOKUHASHI_1990, TOKUHASHI_REVISED
from tests.clinical import spec_tables as spec
from tests.clinical.helpers import all_caveats, band_code, codes, said, score

# One representative value per category of each non-primary item.
KPS = {0: 30, 1: 60, 2: 90}
EXTRASPINAL = {0: 3, 1: 1, 2: 0}
VERTEBRAL = {0: 3, 1: 2, 2: 1}
VISCERAL = {0: "unremovable", 1: "removable", 2: "none"}
FRANKEL = {0: "A", 1: "C", 2: "E"}
# One representative primary site per 2005 group (points -> site).
PRIMARY_2005 = {0: "lung", 1: "liver", 2: "other", 3: "kidney", 4: "rectum", 5: "breast"}
PRIMARY_1990 = {0: "stomach", 1: "uterus", 2: "thyroid"}


def case(kps: int, extra: int, vert: int, visceral: str, site: str, frankel: str) -> dict:
    return {
        "kps": kps,
        "extraspinal_bone_metastases": extra,
        "vertebral_metastases": vert,
        "visceral_metastases": visceral,
        "primary_site": site,
        "frankel": frankel,
    }


def enumerate_table(key: str, primary: dict[int, str]) -> tuple[int, list]:
    wrong, count = [], 0
    for points in itertools.product(KPS, EXTRASPINAL, VERTEBRAL, VISCERAL, primary, FRANKEL):
        g, e, v, o, p, f = points
        facts = case(KPS[g], EXTRASPINAL[e], VERTEBRAL[v], VISCERAL[o], primary[p], FRANKEL[f])
        expected = sum(points)
        result = score(key, facts)
        count += 1
        got = (result["status"], result["total"], band_code(result))
        if got != ("complete", expected, spec.band(key, expected)):
            wrong.append((facts, got, expected))
    return count, wrong


# --- §2.1 revised, exhaustively ------------------------------------------------------------


def test_it_scores_all_1458_revised_combinations_per_the_table() -> None:
    count, wrong = enumerate_table("tokuhashi_revised", PRIMARY_2005)
    assert count == 1458
    assert wrong == []


def test_it_scores_all_729_original_combinations_per_the_1990_table() -> None:
    count, wrong = enumerate_table("tokuhashi_1990", PRIMARY_1990)
    assert count == 729
    assert wrong == []


BASE = case(30, 3, 3, "unremovable", "lung", "A")  # every item 0


@pytest.mark.parametrize("kps", range(0, 101, 10))
@pytest.mark.parametrize("key", ["tokuhashi_revised", "tokuhashi_1990"])
def test_it_reads_every_kps_decile_into_the_general_condition_bands(key: str, kps: int) -> None:
    result = score(key, {**BASE, "kps": kps})
    expected = spec.tokuhashi_kps(kps)
    if expected is None:  # KPS 0 is outside every band (§2.1): never scored as 0 points
        assert result["status"] != "complete"
        assert result["total"] is None
    else:
        assert result["total"] == expected


@pytest.mark.parametrize("count", range(0, 9))
def test_it_reads_extraspinal_foci_as_3_or_more_1_to_2_or_0(count: int) -> None:
    result = score("tokuhashi_revised", {**BASE, "extraspinal_bone_metastases": count})
    assert result["total"] == spec.tokuhashi_extraspinal(count)


@pytest.mark.parametrize("count", range(1, 9))
def test_it_reads_vertebral_metastases_as_3_or_more_2_or_1_not_the_extraspinal_cutoffs(
    count: int,
) -> None:
    result = score("tokuhashi_revised", {**BASE, "vertebral_metastases": count})
    assert result["total"] == spec.tokuhashi_vertebral(count)


@pytest.mark.parametrize("frankel", ["A", "B", "C", "D", "E"])
def test_it_reads_palsy_from_the_frankel_grade(frankel: str) -> None:
    result = score("tokuhashi_revised", {**BASE, "frankel": frankel})
    assert result["total"] == spec.TOKUHASHI_PALSY[frankel]


@pytest.mark.parametrize("site", spec.PRIMARY_SITES)
def test_it_gives_each_primary_site_its_revised_points(site: str) -> None:
    result = score("tokuhashi_revised", {**BASE, "primary_site": site})
    assert result["status"] == "complete"
    assert result["total"] == spec.TOKUHASHI_2005_PRIMARY[site]


@pytest.mark.parametrize("site", spec.PRIMARY_SITES)
def test_it_gives_each_primary_site_its_1990_points(site: str) -> None:
    result = score("tokuhashi_1990", {**BASE, "primary_site": site})
    assert result["status"] == "complete"
    assert result["total"] == spec.TOKUHASHI_1990_PRIMARY[site]


def test_it_flags_colon_as_a_local_placement_needing_sign_off() -> None:
    # §15.14: colon -> "others" (2) on a literal reading, flagged.
    result = score("tokuhashi_revised", {**BASE, "primary_site": "colon"})
    assert result["needs_sign_off"] is True
    assert result["total"] == spec.TOKUHASHI_2005_PRIMARY["colon"]
    caveat = said(result["caveats"], "CV-PLACEMENT-02")
    assert "colon" in caveat["text"]
    assert "sign-off" in caveat["text"]
    assert caveat["needs_sign_off"] is True
    assert "colon" in all_caveats(result)


def test_it_does_not_flag_a_site_the_revised_table_names() -> None:
    result = score("tokuhashi_revised", {**BASE, "primary_site": "rectum"})
    assert result["total"] == spec.TOKUHASHI_2005_PRIMARY["rectum"]
    assert not {"CV-PLACEMENT-01", "CV-PLACEMENT-02"} & set(codes(result["caveats"]))
    assert "rectum" not in all_caveats(result)


def test_it_does_not_read_asia_as_frankel() -> None:
    facts = {k: v for k, v in BASE.items() if k != "frankel"}
    result = score("tokuhashi_revised", {**facts, "asia": "E"})
    assert result["status"] == "incomplete"
    assert "frankel" in result["missing"]


# --- bands ---------------------------------------------------------------------------------


@pytest.mark.parametrize("total", range(0, 16))
def test_it_bands_every_revised_total_per_the_spec(total: int) -> None:
    assert TOKUHASHI_REVISED.band_for(total).code == spec.band("tokuhashi_revised", total)


@pytest.mark.parametrize("total", range(0, 13))
def test_it_bands_every_1990_total_per_the_spec(total: int) -> None:
    assert TOKUHASHI_1990.band_for(total).code == spec.band("tokuhashi_1990", total)


def test_its_ranges_are_0_to_15_and_0_to_12() -> None:
    assert (TOKUHASHI_REVISED.low, TOKUHASHI_REVISED.high) == (0, 15)
    assert (TOKUHASHI_1990.low, TOKUHASHI_1990.high) == (0, 12)
    with pytest.raises(TableError):
        TOKUHASHI_REVISED.band_for(16)
    with pytest.raises(TableError):
        TOKUHASHI_1990.band_for(13)


def test_higher_is_better() -> None:
    assert TOKUHASHI_REVISED.higher_is_better is True
    assert TOKUHASHI_1990.higher_is_better is True


# --- §11.2 named cases -------------------------------------------------------------------------


def assert_revised(facts: dict, total: int, band: str) -> None:
    result = score("tokuhashi_revised", facts)
    assert result["status"] == "complete"
    assert (result["total"], band_code(result)) == (total, band)


def test_it_scores_t1_as_0_under_6_months() -> None:
    assert_revised(case(30, 3, 3, "unremovable", "lung", "A"), 0, "lt_6_months")


def test_it_scores_t2_as_15_over_1_year_catching_a_capped_primary_or_wrong_vertebral_row() -> None:
    assert_revised(case(90, 0, 1, "none", "breast", "E"), 15, "ge_12_months")


def test_it_scores_t3_as_9_at_the_lower_edge_of_6_months_or_more() -> None:
    assert_revised(case(60, 1, 2, "none", "kidney", "D"), 9, "ge_6_months")


def test_it_scores_t4_as_8_at_the_upper_edge_of_under_6_months() -> None:
    assert_revised(case(60, 1, 2, "none", "kidney", "B"), 8, "lt_6_months")


def test_it_scores_t5_as_12_at_the_lower_edge_of_1_year_or_more() -> None:
    assert_revised(case(80, 0, 1, "removable", "rectum", "C"), 12, "ge_12_months")


def test_it_scores_t6_as_11_at_the_upper_edge_of_6_months_or_more() -> None:
    assert_revised(case(80, 0, 1, "removable", "rectum", "A"), 11, "ge_6_months")


def test_it_scores_t7_unknown_primary_as_4_under_6_months() -> None:
    assert_revised(case(70, 2, 3, "unremovable", "unknown", "C"), 4, "lt_6_months")


def test_it_scores_t8_melanoma_as_others_11() -> None:
    assert_revised(case(50, 0, 1, "none", "melanoma", "E"), 11, "ge_6_months")


def test_it_scores_t9_as_11() -> None:
    assert_revised(case(100, 3, 2, "removable", "prostate", "E"), 11, "ge_6_months")


def test_it_scores_t2s_patient_12_of_12_good_on_the_1990_table() -> None:
    result = score("tokuhashi_1990", case(90, 0, 1, "none", "breast", "E"))
    assert (result["status"], result["total"], band_code(result)) == ("complete", 12, "good")


def test_it_scores_t1s_patient_0_of_12_poor_on_the_1990_table() -> None:
    result = score("tokuhashi_1990", case(30, 3, 3, "unremovable", "lung", "A"))
    assert (result["status"], result["total"], band_code(result)) == ("complete", 0, "poor")


def test_it_scores_a_kidney_primary_1_in_1990_and_3_in_2005() -> None:
    facts = {**BASE, "primary_site": "kidney"}
    assert score("tokuhashi_1990", facts)["total"] == 1
    assert score("tokuhashi_revised", facts)["total"] == 3


def test_it_marks_the_one_source_1990_table_as_needing_sign_off() -> None:
    assert score("tokuhashi_1990", BASE)["needs_sign_off"] is True
