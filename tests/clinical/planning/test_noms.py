"""NOMS planning against clinical-content §5.1 and the §11.4 cases N1–N7."""

from __future__ import annotations

from typing import Any

import pytest

from tests.clinical import spec_tables as spec
from tests.clinical.helpers import assessment, codes, said

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
    # SINS 9 is 7–12 (§15.3): without the surgeon's judgement both branches are shown, and
    # for high-grade radioresistant disease in a fit patient both lead to separation surgery.
    p = plan(noms_case("kidney", "3", True, 9, True))
    assert p["noms"]["status"] == "branched"
    assert p["noms"]["recommends"] == []
    assert {b["rule"]: b["recommends"] for b in p["noms"]["branches"]} == {
        "NOMS-07": ["decompression_and_stabilisation", "srs"],
        "NOMS-09": ["decompression_and_stabilisation", "srs"],
    }
    assert "surgical_opinion" in rec_codes(p)  # SINS 7–12, no judgement recorded (§15.3)
    assert "decompression_and_stabilisation" in rec_codes(p)
    assert "srs" in rec_codes(p)


def test_it_plans_n3_with_the_surgeons_judgement_of_instability_as_one_noms_cell() -> None:
    p = plan({**noms_case("kidney", "3", True, 9, True), "instability_judgement": "unstable"})
    assert p["noms"]["status"] == "complete"
    assert p["noms"]["rule"] == "NOMS-09"
    assert p["noms"]["recommends"] == ["decompression_and_stabilisation", "srs"]
    assert p["noms"]["branches"] == []
    assert "surgical_opinion" not in rec_codes(p)  # the surgeon has already judged


def test_it_plans_n4_melanoma_high_grade_stable_unfit_as_cebrt() -> None:
    p = plan(noms_case("melanoma", "2", False, 4, False))
    assert p["noms"]["recommends"] == ["cebrt"]
    assert "decompression_and_stabilisation" not in rec_codes(p)


def test_it_plans_n5_myeloma_unstable_as_stabilisation_then_cebrt() -> None:
    p = plan(noms_case("myeloma", "0", False, 13, True))
    assert p["noms"]["recommends"] == ["stabilisation", "cebrt"]


@pytest.mark.parametrize("site", ["colon", "rectum"])
def test_it_plans_n6_colorectal_1c_as_both_branches_for_the_mdt(site: str) -> None:
    # §15.13 supersedes §11.4's "1c treated as low grade": both branches, labelled.
    result = assessment(noms_case(site, "1c", False, 6, True))
    noms = result["plan"]["noms"]
    assert result["scores"]["bilsky"]["group"] == "indeterminate"
    assert noms["status"] == "branched"
    assert noms["recommends"] == []
    assert [(b["when"], b["rule"], b["recommends"]) for b in noms["branches"]] == [
        (["if the MDT reads Bilsky 1c as low-grade compression"], "NOMS-03", ["srs"]),
        (
            ["if the MDT reads Bilsky 1c as high-grade compression"],
            "NOMS-07",
            ["decompression_and_stabilisation", "srs"],
        ),
    ]
    recs = {r["code"]: r for r in result["plan"]["recommendations"]}
    assert recs["srs"]["when"] == []  # in both branches
    assert recs["decompression_and_stabilisation"]["when"] == [
        "if the MDT reads Bilsky 1c as high-grade compression"
    ]
    caveat = said(result["plan"]["caveats"], "CV-BILSKY-1C-01")
    assert "controversial" in caveat["source"]
    assert "indeterminate" in caveat["text"]


def test_it_reads_bilsky_1c_with_myelopathy_as_high_grade_only() -> None:
    # Low grade with myelopathy has no NOMS row: only the high-grade branch remains.
    p = plan(noms_case("kidney", "1c", True, 4, True))
    assert (p["noms"]["status"], p["noms"]["rule"]) == ("complete", "NOMS-07")
    assert "CV-BILSKY-1C-02" in codes(p["caveats"])  # no branches to speak of
    assert "CV-BILSKY-1C-01" not in codes(p["caveats"])


def test_it_plans_n7_thyroid_unstable_unfit_as_cebrt_considering_percutaneous_options() -> None:
    # §15.4: no open surgery for a patient recorded as unfit; percutaneous options are
    # "consider" only, flagged for sign-off.
    p = plan({**noms_case("thyroid", "2", True, 8, False), "instability_judgement": "unstable"})
    assert (p["noms"]["status"], p["noms"]["rule"]) == ("complete", "NOMS-10")
    assert p["noms"]["recommends"] == ["cebrt"]
    recs = {r["code"]: r for r in p["recommendations"]}
    assert not set(recs) & {
        "stabilisation",
        "decompression_and_stabilisation",
        "en_bloc_excision",
        "tumour_resection",
    }
    assert recs["cebrt"]["when"] == []
    for code in ("percutaneous_stabilisation", "vertebral_augmentation"):
        assert recs[code]["when"] == ["consider if the spinal surgeon judges it tolerable"]
        assert recs[code]["needs_sign_off"] is True
        assert any("tolerable" in note["text"] for note in recs[code]["notes"])


def test_it_plans_n7_without_a_judgement_as_both_branches_for_the_unfit() -> None:
    p = plan(noms_case("thyroid", "2", True, 8, False))
    noms = p["noms"]
    assert noms["status"] == "branched"
    assert [(b["when"], b["rule"], b["recommends"]) for b in noms["branches"]] == [
        (["if the spinal surgeon judges the spine stable"], "NOMS-08", ["cebrt"]),
        (["if the spinal surgeon judges the spine unstable"], "NOMS-10", ["cebrt"]),
    ]
    recs = {r["code"]: r for r in p["recommendations"]}
    assert recs["cebrt"]["when"] == []
    assert recs["percutaneous_stabilisation"]["when"] == [
        "if the spinal surgeon judges the spine unstable",
        "consider if the spinal surgeon judges it tolerable",
    ]
    assert "stabilisation" not in recs
    assert "surgical_opinion" in recs
    assert "CV-SINS-INDETERMINATE-01" in codes(p["caveats"])


def test_every_noms_recommendation_is_worded_as_a_suggestion() -> None:
    p = plan(noms_case("kidney", "3", True, 9, True))
    for rec in p["recommendations"]:
        assert "requires" not in rec["text"].lower()
        assert "suggest" in rec["text"].lower()
        assert rec["rules"]


def test_it_marks_the_reconstructed_noms_table_as_needing_sign_off() -> None:
    p = plan(noms_case("kidney", "1a", False, 5, True))
    assert p["needs_sign_off"] is True
    caveat = said(p["caveats"], "CV-NOMS-01")
    assert caveat["needs_sign_off"] is True
    assert "NOMS" in caveat["text"]
    assert "sign-off" in caveat["text"]
    assert "Laufer" in caveat["source"]


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


@pytest.mark.parametrize(("sins", "opinion"), [(4, False), (6, False), (8, True), (13, False)])
def test_it_suggests_a_surgical_opinion_for_sins_7_to_12_only(sins: int, opinion: bool) -> None:
    # §15.3: 7–12 asks a surgeon; 13–18 is unstable and goes straight to the NOMS cell.
    p = plan(noms_case("kidney", "1a", False, sins, True))
    assert ("surgical_opinion" in rec_codes(p)) is opinion
    assert ("CV-SINS-INDETERMINATE-01" in codes(p["caveats"])) is opinion


@pytest.mark.parametrize("judgement", ["stable", "unstable"])
def test_it_asks_no_surgical_opinion_once_the_judgement_is_recorded(judgement: str) -> None:
    p = plan({**noms_case("kidney", "1a", False, 8, True), "instability_judgement": judgement})
    assert "surgical_opinion" not in rec_codes(p)
    assert "CV-SINS-INDETERMINATE-01" not in codes(p["caveats"])
    assert p["noms"]["status"] == "complete"


@pytest.mark.parametrize(
    ("judgement", "rule", "recommends"),
    [
        (None, None, None),
        ("stable", "NOMS-03", ["srs"]),
        ("unstable", "NOMS-04", ["stabilisation", "srs"]),
    ],
)
def test_it_branches_sins_7_to_12_until_the_surgeon_judges(
    judgement: str | None, rule: str | None, recommends: list[str] | None
) -> None:
    case = noms_case("kidney", "1a", False, 8, True)
    if judgement:
        case["instability_judgement"] = judgement
    noms = plan(case)["noms"]
    if judgement is None:
        assert noms["status"] == "branched"
        assert noms["recommends"] == []
        assert [(b["when"], b["rule"], b["recommends"]) for b in noms["branches"]] == [
            (["if the spinal surgeon judges the spine stable"], "NOMS-03", ["srs"]),
            (
                ["if the spinal surgeon judges the spine unstable"],
                "NOMS-04",
                ["stabilisation", "srs"],
            ),
        ]
    else:
        assert (noms["status"], noms["rule"], noms["recommends"]) == ("complete", rule, recommends)
        assert noms["branches"] == []


def test_it_uses_sins_13_as_unstable_whatever_the_judgement() -> None:
    p = plan({**noms_case("kidney", "1a", False, 13, True), "instability_judgement": "stable"})
    assert (p["noms"]["status"], p["noms"]["rule"]) == ("complete", "NOMS-04")


def test_it_branches_on_unknown_fitness_where_the_noms_cell_depends_on_it() -> None:
    case = noms_case("kidney", "3", False, 4, True)
    del case["fit_for_surgery"]
    p = plan(case)
    noms = p["noms"]
    assert noms["status"] == "branched"
    assert [(b["when"], b["rule"], b["recommends"]) for b in noms["branches"]] == [
        (["if fit for surgery"], "NOMS-07", ["decompression_and_stabilisation", "srs"]),
        (["if not fit for surgery"], "NOMS-08", ["cebrt"]),
    ]
    assert noms["missing"] == ["fit_for_surgery"]
    assert "fit_for_surgery" in p["missing"]
    recs = {r["code"]: r for r in p["recommendations"]}
    assert recs["decompression_and_stabilisation"]["when"] == ["if fit for surgery"]
    assert recs["cebrt"]["when"] == ["if not fit for surgery"]
    assert "CV-FITNESS-01" in codes(p["caveats"])
    # cEBRT and SRS sit in different branches: alternatives, not a contradiction (§15.8).
    assert "CF-PLAN-03" not in codes(p["conflicts"])


def test_it_does_not_branch_on_unknown_fitness_where_the_cell_is_the_same() -> None:
    case = noms_case("kidney", "1a", False, 4, True)
    del case["fit_for_surgery"]
    p = plan(case)
    assert (p["noms"]["status"], p["noms"]["rule"]) == ("complete", "NOMS-03")
    assert "fit_for_surgery" not in p["missing"]


@pytest.mark.parametrize(
    ("site", "bilsky", "rule", "recommends"),
    [
        ("breast", "1a", "NOMS-02U", ["cebrt"]),
        ("kidney", "1a", "NOMS-04U", ["srs"]),  # low grade, radioresistant: SRS
        ("breast", "3", "NOMS-06U", ["cebrt"]),
        ("kidney", "3", "NOMS-10", ["cebrt"]),
    ],
)
def test_it_plans_unfit_and_unstable_as_radiotherapy_considering_percutaneous_options(
    site: str, bilsky: str, rule: str, recommends: list[str]
) -> None:
    p = plan(noms_case(site, bilsky, bilsky == "3", 13, False))
    assert (p["noms"]["status"], p["noms"]["rule"]) == ("complete", rule)
    assert p["noms"]["recommends"] == recommends
    recs = {r["code"]: r for r in p["recommendations"]}
    assert not {c for c, r in recs.items() if r["surgical"] and not r["when"]}
    for code in ("percutaneous_stabilisation", "vertebral_augmentation"):
        assert recs[code]["when"] == ["consider if the spinal surgeon judges it tolerable"]
        assert recs[code]["needs_sign_off"] is True


@pytest.mark.parametrize("site", ["breast", "prostate"])
def test_it_says_when_radiosensitivity_is_placed_as_sensitive_locally(site: str) -> None:
    # §15.14: two NOMS groups; breast and prostate are placed "sensitive", flagged.
    p = plan(noms_case(site, "2", True, 5, True))
    assert p["noms"]["domains"]["oncologic"] == "sensitive"
    assert p["noms"]["recommends"] == ["cebrt"]
    caveat = said(p["caveats"], "CV-RADIO-LOCAL-01")
    assert site in caveat["text"]
    assert "sensitive" in caveat["text"]
    assert caveat["needs_sign_off"] is True


@pytest.mark.parametrize("site", ["lymphoma", "kidney"])
def test_it_does_not_flag_a_radiosensitivity_a_source_names(site: str) -> None:
    p = plan(noms_case(site, "2", True, 5, True))
    assert "CV-RADIO-LOCAL-01" not in codes(p["caveats"])
