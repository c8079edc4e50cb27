"""Safety properties of every proposed plan, whatever the case (spec §15.3–§15.5, §15.8,
§15.13; Hypothesis). The rule tables are read for their codes only; the expectations are
the spec's."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import strategies
from tests.clinical.helpers import assessment, codes

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# §15.4: the operations a patient recorded as unfit is never offered.
OPEN_SURGERY = frozenset(
    {"decompression_and_stabilisation", "en_bloc_excision", "stabilisation", "tumour_resection"}
)
SURGICAL = OPEN_SURGERY | {"percutaneous_stabilisation"}
# §15.8: pairs a plan never holds together, and the conflict that says so.
EXCLUSIVE = (
    ("CF-PLAN-01", frozenset({"best_supportive_care"}), SURGICAL),
    ("CF-PLAN-02", frozenset({"observation"}), SURGICAL),
    ("CF-PLAN-03", frozenset({"cebrt"}), frozenset({"srs"})),
)
HAEMATOLOGICAL_SITES = frozenset({"myeloma", "lymphoma"})
HAEMATOLOGICAL_HISTOLOGIES = frozenset({"myeloma_plasmacytoma", "lymphoma"})


any_case = st.one_of(strategies.planning_cases(), strategies.case_dicts())


def case_sins(result: dict[str, Any]) -> int | None:
    sins = result["scores"]["sins"]
    return sins["total"] if sins["status"] == "complete" else None


@SETTINGS
@given(any_case)
def test_no_open_surgery_is_suggested_for_a_patient_recorded_as_unfit(case: dict) -> None:
    plan = assessment({**case, "fit_for_surgery": False})["plan"]
    suggested = {r["code"] for r in plan["recommendations"]}
    assert not suggested & OPEN_SURGERY
    for branch in plan["noms"]["branches"]:
        assert not set(branch["recommends"]) & OPEN_SURGERY
    for rec in plan["recommendations"]:
        if rec["code"] in SURGICAL:  # percutaneous options: "consider" only, flagged
            assert any("consider" in w for w in rec["when"]), rec
            assert rec["needs_sign_off"] is True


@SETTINGS
@given(any_case)
def test_every_surgical_suggestion_holds_only_if_fit_while_fitness_is_unknown(case: dict) -> None:
    case = {k: v for k, v in case.items() if k != "fit_for_surgery"}
    plan = assessment(case)["plan"]
    surgical = [r for r in plan["recommendations"] if r["code"] in OPEN_SURGERY]
    for rec in surgical:
        assert any("if fit for surgery" in w for w in rec["when"]), rec
    if surgical:
        assert "fit_for_surgery" in plan["missing"]
        assert "CV-FITNESS-01" in codes(plan["caveats"])


@SETTINGS
@given(any_case)
def test_a_branched_noms_is_never_a_final_plan(case: dict) -> None:
    noms = assessment(case)["plan"]["noms"]
    if noms["status"] == "branched":
        assert noms["recommends"] == []
        assert noms["rule"] is None
        assert len(noms["branches"]) >= 2
        for branch in noms["branches"]:
            assert branch["when"]
            assert branch["recommends"]
    else:
        assert noms["branches"] == []


@SETTINGS
@given(any_case)
def test_sins_7_to_12_asks_a_surgeon_until_the_judgement_is_recorded(case: dict) -> None:
    result = assessment(case)
    plan, total = result["plan"], case_sins(result)
    opinion = next((r for r in plan["recommendations"] if r["code"] == "surgical_opinion"), None)
    if total is not None and 7 <= total <= 12 and "instability_judgement" not in case:
        assert opinion is not None
        assert "CV-SINS-INDETERMINATE-01" in codes(plan["caveats"])
        assert plan["noms"]["domains"]["mechanical"] is not None
        assert "Potentially unstable" in plan["noms"]["domains"]["mechanical"]
    if "instability_judgement" in case or (total is not None and total >= 13):
        assert opinion is None or "PL-SINS-01" not in opinion["rules"]
        assert "CV-SINS-INDETERMINATE-01" not in codes(plan["caveats"])


@SETTINGS
@given(any_case)
def test_bilsky_1c_is_never_silently_read_as_low_grade(case: dict) -> None:
    result = assessment(case)
    plan = result["plan"]
    if result["scores"]["bilsky"]["grade"] != "1c" or plan["noms"]["status"] == "not_applicable":
        return
    assert result["scores"]["bilsky"]["group"] == "indeterminate"
    said = codes(plan["caveats"])
    # Both branches shown (1C-01), or only the high-grade reading with myelopathy (1C-02).
    assert ("CV-BILSKY-1C-01" in said) != ("CV-BILSKY-1C-02" in said)
    assert ("CV-BILSKY-1C-02" in said) == (case.get("myelopathy") is True)
    neurologic = plan["noms"]["domains"]["neurologic"]
    assert neurologic is None or not neurologic.startswith("Low-grade")
    if plan["noms"]["status"] == "complete":  # only with myelopathy: the high-grade row
        assert case["myelopathy"] is True
        assert neurologic is not None
        assert neurologic.startswith("High-grade")


@SETTINGS
@given(any_case)
def test_a_plan_that_holds_two_exclusive_suggestions_reports_the_conflict(case: dict) -> None:
    plan = assessment(case)["plan"]
    certain = {r["code"] for r in plan["recommendations"] if not r["when"]}
    reported = codes(plan["conflicts"])
    for code, first, second in EXCLUSIVE:
        if certain & first and certain & second:
            assert code in reported, (code, sorted(certain))


@SETTINGS
@given(any_case)
def test_en_bloc_excision_only_where_tumour_and_patient_support_it(case: dict) -> None:
    plan = assessment(case)["plan"]
    if "en_bloc_excision" not in {r["code"] for r in plan["recommendations"]}:
        return
    assert case.get("fit_for_surgery") is not False
    assert case.get("histology") not in HAEMATOLOGICAL_HISTOLOGIES
    assert case.get("visceral_metastases") not in ("removable", "unremovable")
    assert case.get("vertebral_metastases") in (None, 1)
    assert case.get("primary_site") not in HAEMATOLOGICAL_SITES
    assert case.get("visceral_metastases") == "none"


@SETTINGS
@given(strategies.planning_cases(), st.sampled_from(("stable", "unstable")), st.booleans())
def test_recording_the_open_answers_settles_on_one_of_the_branches_shown(
    case: dict, judgement: str, fit: bool
) -> None:
    case = {k: v for k, v in case.items() if k not in ("instability_judgement", "fit_for_surgery")}
    before = assessment(case)["plan"]["noms"]
    if before["status"] != "branched":
        return
    branches = {b["rule"]: b["when"] for b in before["branches"]}
    after = assessment({**case, "instability_judgement": judgement, "fit_for_surgery": fit})
    noms = after["plan"]["noms"]
    assert noms["status"] in ("complete", "branched")  # Bilsky 1c stays the MDT's choice
    settled = (
        [noms["rule"]] if noms["status"] == "complete" else [b["rule"] for b in noms["branches"]]
    )
    for rule in settled:
        assert rule in branches
        for label in branches[rule]:
            if "judges the spine" in label and " or " not in label:
                assert label.endswith(f"the spine {judgement}")
            if label == "if fit for surgery":
                assert fit is True
            if label == "if not fit for surgery":
                assert fit is False


# --- PL-ENBLOC-02 (primary malignant bone tumour) against spec §15.5 -------------------------
# "en_bloc_excision requires all of: fit for surgery; a solitary spinal lesion; no visceral
# metastases; ... and not a haematological malignancy". These failed on the first engine
# 0.2 draft and pass since PL-ENBLOC-02 was corrected.

CHORDOMA = {"histology": "chordoma", "fit_for_surgery": True, "lesions": [{"level": "L3"}]}


def unconditional_codes(case: dict[str, Any]) -> set[str]:
    return {r["code"] for r in assessment(case)["plan"]["recommendations"] if not r["when"]}


def test_en_bloc_for_a_chordoma_with_no_visceral_metastases_recorded_as_none() -> None:
    case = {**CHORDOMA, "visceral_metastases": "none"}
    assert "en_bloc_excision" in unconditional_codes(case)


def test_en_bloc_is_not_unconditional_while_visceral_metastases_are_not_recorded() -> None:
    assert "en_bloc_excision" not in unconditional_codes(CHORDOMA)


@pytest.mark.parametrize("site", sorted(HAEMATOLOGICAL_SITES))
def test_en_bloc_is_never_suggested_for_a_haematological_primary(site: str) -> None:
    case = {**CHORDOMA, "visceral_metastases": "none", "primary_site": site}
    codes_ = {r["code"] for r in assessment(case)["plan"]["recommendations"]}
    assert "en_bloc_excision" not in codes_


def test_en_bloc_is_not_suggested_with_extraspinal_bone_metastases() -> None:
    case = {**CHORDOMA, "visceral_metastases": "none", "extraspinal_bone_metastases": 3}
    assert "en_bloc_excision" not in unconditional_codes({**case, "vertebral_metastases": 1})
    assert "en_bloc_excision" not in unconditional_codes(case)
