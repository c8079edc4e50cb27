"""NOMS planning against clinical-content §5.1 and the §11.4 cases N1–N7."""

from __future__ import annotations

from typing import Any

import pytest

from tests.clinical import spec_tables as spec
from tests.clinical.helpers import assessment

# Lesions whose SINS totals follow from §1.1 (level, pain, bone, alignment, collapse, postero).
SINS_LESIONS = {
    4: ("C7", "none", "blastic", "normal", "body_involved", "none"),  # 3+0+0+0+1+0
    5: ("T6", "occasional", "lytic", "normal", "body_involved", "none"),  # 1+1+2+0+1+0
    6: ("T6", "occasional", "lytic", "normal", "under_50", "none"),  # 1+1+2+0+2+0
    8: ("T6", "mechanical", "lytic", "normal", "under_50", "none"),  # 1+3+2+0+2+0
    9: ("L1", "mechanical", "lytic", "normal", "body_involved", "none"),  # 3+3+2+0+1+0
    13: ("L1", "mechanical", "lytic", "deformity", "under_50", "unilateral"),  # 3+3+2+2+2+1
}
ITEMS = ("level", "pain", "bone_lesion", "alignment", "collapse", "posterolateral")


def noms_case(site: str, bilsky: str, myelopathy: bool, sins: int, fit: bool) -> dict[str, Any]:
    lesion = dict(zip(ITEMS, SINS_LESIONS[sins], strict=True))
    assert spec.sins_total(lesion) == sins
    return {
        "cancer_history": "known",
        "primary_site": site,
        "myelopathy": myelopathy,
        "fit_for_surgery": fit,
        "lesions": [{**lesion, "bilsky": bilsky}],
    }


def plan(case: dict[str, Any]) -> dict[str, Any]:
    result = assessment(case)
    assert result["scores"]["sins"]["total"] == spec.sins_total(case["lesions"][0])
    return result["plan"]


def rec_codes(p: dict[str, Any]) -> list[str]:
    return [r["code"] for r in p["recommendations"]]


def test_it_plans_n1_lymphoma_with_high_grade_compression_as_cebrt_without_surgery() -> None:
    p = plan(noms_case("lymphoma", "3", True, 5, True))
    assert p["noms"]["status"] == "complete"
    assert p["noms"]["recommends"] == ["cebrt"]
    assert "decompression_and_stabilisation" not in rec_codes(p)
    assert "cebrt" in rec_codes(p)


def test_it_plans_n2_renal_low_grade_stable_as_srs() -> None:
    p = plan(noms_case("kidney", "1a", False, 5, True))
    assert p["noms"]["recommends"] == ["srs"]


def test_it_plans_n3_renal_high_grade_unstable_fit_as_separation_surgery_then_srs() -> None:
    p = plan(noms_case("kidney", "3", True, 9, True))
    assert p["noms"]["recommends"] == ["decompression_and_stabilisation", "srs"]
    assert "surgical_opinion" in rec_codes(p)  # SINS ≥ 7 (§1.3)


def test_it_plans_n4_melanoma_high_grade_stable_unfit_as_cebrt() -> None:
    p = plan(noms_case("melanoma", "2", False, 4, False))
    assert p["noms"]["recommends"] == ["cebrt"]
    assert "decompression_and_stabilisation" not in rec_codes(p)


def test_it_plans_n5_myeloma_unstable_as_stabilisation_then_cebrt() -> None:
    p = plan(noms_case("myeloma", "0", False, 13, True))
    assert p["noms"]["recommends"] == ["stabilisation", "cebrt"]


@pytest.mark.parametrize("site", ["colon", "rectum"])
def test_it_plans_n6_colorectal_1c_as_low_grade_srs_flagged_controversial(site: str) -> None:
    result = assessment(noms_case(site, "1c", False, 6, True))
    assert result["plan"]["noms"]["recommends"] == ["srs"]
    assert result["scores"]["bilsky"]["group"] == "low"
    assert "controversial" in " ".join(result["plan"]["caveats"])


def test_it_plans_n7_thyroid_high_grade_unstable_unfit_as_stabilisation_or_cebrt_for_the_mdt() -> (
    None
):
    p = plan(noms_case("thyroid", "2", True, 8, False))
    assert p["noms"]["recommends"] == ["stabilisation", "cebrt"]
    notes = " ".join(note for r in p["recommendations"] for note in r["notes"])
    assert "cEBRT alone" in notes
    assert "MDT" in notes


def test_every_noms_recommendation_is_worded_as_a_suggestion() -> None:
    p = plan(noms_case("kidney", "3", True, 9, True))
    for rec in p["recommendations"]:
        assert "requires" not in rec["text"].lower()
        assert "suggest" in rec["text"].lower()
        assert rec["rules"]


def test_it_marks_the_reconstructed_noms_table_as_needing_sign_off() -> None:
    p = plan(noms_case("kidney", "1a", False, 5, True))
    assert p["needs_sign_off"] is True
    assert any("NOMS" in c and "sign-off" in c for c in p["caveats"])


def test_it_does_not_guess_noms_without_the_bilsky_grade() -> None:
    case = noms_case("kidney", "1a", False, 5, True)
    del case["lesions"][0]["bilsky"]
    noms = assessment(case)["plan"]["noms"]
    assert noms["status"] == "incomplete"
    assert noms["recommends"] == []
    assert noms["missing"]


def test_it_does_not_guess_noms_while_sins_straddles_7() -> None:
    lesion = {"level": "T6", "bone_lesion": "lytic", "bilsky": "1a"}  # 3..16
    case = {"primary_site": "kidney", "myelopathy": False, "lesions": [lesion]}
    noms = assessment(case)["plan"]["noms"]
    assert noms["status"] == "incomplete"
    assert noms["recommends"] == []


@pytest.mark.parametrize(("sins", "opinion"), [(4, False), (6, False), (8, True), (13, True)])
def test_it_suggests_a_surgical_opinion_from_sins_7(sins: int, opinion: bool) -> None:
    p = plan(noms_case("kidney", "1a", False, sins, True))
    assert ("surgical_opinion" in rec_codes(p)) is opinion


@pytest.mark.parametrize("site", ["breast", "prostate"])
def test_it_says_when_intermediate_radiosensitivity_is_treated_as_sensitive(site: str) -> None:
    p = plan(noms_case(site, "2", True, 5, True))
    assert p["noms"]["recommends"] == ["cebrt"]
    assert any("Intermediate" in c and "radiosensitive" in c for c in p["caveats"])
