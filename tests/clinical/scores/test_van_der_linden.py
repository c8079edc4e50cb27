"""van der Linden against clinical-content §6.5 and §11.5 (V1–V3)."""

from __future__ import annotations

import itertools

import pytest

from spinepath.clinical.scores.van_der_linden import VAN_DER_LINDEN
from tests.clinical import spec_tables as spec
from tests.clinical.helpers import assessment, band_code, score

KPS = {2: 90, 1: 60, 0: 30}
PRIMARY = {3: "breast", 2: "prostate", 1: "lung", 0: "kidney"}
VISCERAL = {1: "none", 0: "removable"}


def case(kps: int, site: str, visceral: str) -> dict:
    return {"kps": kps, "primary_site": site, "visceral_metastases": visceral}


def test_it_scores_all_24_combinations_per_the_table() -> None:
    wrong = []
    for points in itertools.product(KPS, PRIMARY, VISCERAL):
        k, p, v = points
        result = score("van_der_linden", case(KPS[k], PRIMARY[p], VISCERAL[v]))
        expected = sum(points)
        got = (result["status"], result["total"], band_code(result))
        if got != ("complete", expected, spec.band("van_der_linden", expected)):
            wrong.append((points, got))
    assert wrong == []


@pytest.mark.parametrize("kps", range(20, 101, 10))
def test_it_reads_every_kps_from_20_to_100_into_its_band(kps: int) -> None:
    assert score("van_der_linden", case(kps, "kidney", "unremovable"))["total"] == spec.vdl_kps(kps)


@pytest.mark.parametrize("kps", [0, 10])
def test_it_does_not_score_kps_below_20_as_0_and_warns(kps: int) -> None:
    result = assessment(case(kps, "breast", "none"))
    vdl = result["scores"]["van_der_linden"]
    assert vdl["status"] != "complete"
    assert vdl["total"] is None
    assert vdl["status"] == "not_applicable"
    assert "kps" in vdl["reason"]
    warnings = [w for w in result["warnings"] if w["code"] == "WN-NOT-APPLICABLE-01"]
    assert any("van der Linden" in w["text"] and vdl["reason"] in w["text"] for w in warnings)


@pytest.mark.parametrize("site", spec.PRIMARY_SITES)
def test_it_gives_each_primary_site_its_points(site: str) -> None:
    result = score("van_der_linden", case(30, site, "unremovable"))
    assert (result["status"], result["total"]) == ("complete", spec.VDL_PRIMARY.get(site, 0))


@pytest.mark.parametrize("total", range(0, 7))
def test_it_bands_every_total_per_the_spec(total: int) -> None:
    assert VAN_DER_LINDEN.band_for(total).code == spec.band("van_der_linden", total)


def test_its_range_is_0_to_6() -> None:
    assert (VAN_DER_LINDEN.low, VAN_DER_LINDEN.high) == (0, 6)


def test_it_scores_v1_as_6_group_c() -> None:
    result = score("van_der_linden", case(90, "breast", "none"))
    assert (result["status"], result["total"], band_code(result)) == ("complete", 6, "group_c")
    assert "19 months" in result["band"]["meaning"]


def test_it_scores_v2_as_2_group_a() -> None:
    result = score("van_der_linden", case(60, "lung", "unremovable"))
    assert (result["status"], result["total"], band_code(result)) == ("complete", 2, "group_a")
    assert "3 months" in result["band"]["meaning"]


def test_it_scores_v3_as_4_group_b() -> None:
    result = score("van_der_linden", case(80, "prostate", "removable"))
    assert (result["status"], result["total"], band_code(result)) == ("complete", 4, "group_b")
    assert "9 months" in result["band"]["meaning"]
