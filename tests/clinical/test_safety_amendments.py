"""Regression tests for the clinical-safety issue (spec §15), one sentence per case.

Each case is a vignette that engine 0.1 got wrong (see the issue's "What is wrong today")
or a rule of §15. They run through ``assess`` (the CLI's and the API's engine) and, for
triage and score status, through the batch scorer too, so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl
import pytest

from spinepath.batch import score_rows
from spinepath.batch.columns import COLUMNS
from spinepath.clinical.assess import Assessment, assess
from spinepath.clinical.case import parse_case
from spinepath.clinical.planning.engine import plan_conflicts

SOLITARY = {"vertebral_metastases": 1, "extraspinal_bone_metastases": 0}
STABLE_T8 = {
    "level": "T8",
    "compartment": "extradural",
    "pain": "none",
    "bone_lesion": "blastic",
    "alignment": "normal",
    "collapse": "none",
    "posterolateral": "none",
}
UNSTABLE_T12 = {
    "level": "T12",
    "compartment": "extradural",
    "pain": "mechanical",
    "bone_lesion": "lytic",
    "alignment": "subluxation",
    "collapse": "over_50",
    "posterolateral": "bilateral",
}  # SINS 18
SINS_7_PROSTATE = {
    "level": "T8",
    "compartment": "extradural",
    "pain": "mechanical",
    "bone_lesion": "blastic",
    "alignment": "normal",
    "collapse": "body_involved",
    "posterolateral": "unilateral",
}  # 1 + 3 + 0 + 0 + 1 + 1 = 6; with a lytic lesion 8 (see below)
SURGERY = {"stabilisation", "decompression_and_stabilisation", "en_bloc_excision"}

POOR_PROGNOSIS: dict[str, Any] = {
    "cancer_history": "known",
    "primary_site": "lung",
    "kps": 30,
    "fit_for_surgery": True,
    "myelopathy": True,
    "visceral_metastases": "unremovable",
    "vertebral_metastases": 4,
    "extraspinal_bone_metastases": 3,
    "frankel": "C",
    "lesions": [{**STABLE_T8, "bilsky": "3"}],
}
"""Lung primary, poor prognosis, high-grade compression, fit: NOMS suggests separation
surgery while the prognosis scores suggest best supportive care (CF-PLAN-01)."""


def codes(a: Assessment) -> list[str]:
    return [r.code for r in a.plan.recommendations]


def unconditional(a: Assessment) -> set[str]:
    return {r.code for r in a.plan.recommendations if not r.when}


@dataclass(frozen=True)
class Vignette:
    sentence: str
    case: dict[str, Any]
    check: Callable[[Assessment], bool]


TRIAGE = [
    Vignette(
        "known cancer + myelopathy + recorded Frankel D + assisted walking, only thoracic pain "
        "ticked -> emergency, names frankel",
        {
            "cancer_history": "known",
            "myelopathy": True,
            "frankel": "D",
            "ambulatory": "assisted",
            "symptoms": ["thoracic_or_cervical_pain"],
        },
        lambda a: (
            a.triage.category == "emergency"
            and "RF-MSCC-03" in a.triage.rules_fired
            and {"frankel", "myelopathy", "ambulatory"} <= {s.field for s in a.triage.signs}
            and any("Frankel D" in s.label for s in a.triage.signs)
        ),
    ),
    Vignette(
        "known cancer + recorded Frankel C with symptoms asked and none present -> emergency",
        {"cancer_history": "known", "frankel": "C", "symptoms": []},
        lambda a: (
            a.triage.category == "emergency" and [s.field for s in a.triage.signs] == ["frankel"]
        ),
    ),
    Vignette(
        "known cancer + ASIA C, not walking, Bilsky 3, symptoms not recorded -> emergency "
        "with the MSCC actions",
        {
            "cancer_history": "known",
            "asia": "C",
            "ambulatory": "non_ambulatory",
            "lesions": [{"level": "T6", "bilsky": "3"}],
        },
        lambda a: (
            a.triage.category == "emergency"
            and "contact_mscc_coordinator_immediately" in [x.code for x in a.triage.actions]
            and "bilsky" in {s.field for s in a.triage.signs}
        ),
    ),
    Vignette(
        "cancer history not recorded + ASIA C, not walking, Bilsky 3 -> emergency with the "
        "MSCC actions until the cancer history is recorded, and the no-cancer route",
        {"asia": "C", "ambulatory": "non_ambulatory", "lesions": [{"level": "T6", "bilsky": "3"}]},
        lambda a: (
            a.triage.category == "emergency"
            and next(
                x for x in a.triage.actions if x.code == "contact_mscc_coordinator_immediately"
            ).until
            == ["cancer_history"]
            and "emergency_spinal_assessment" in [x.code for x in a.triage.actions]
        ),
    ),
    Vignette(
        "cancer history not recorded + limb weakness -> emergency, MSCC actions and "
        "dexamethasone until the cancer history is recorded (§15.10)",
        {"symptoms": ["limb_weakness"]},
        lambda a: (
            a.triage.category == "emergency"
            and {"contact_mscc_coordinator_immediately", "dexamethasone_16mg"}
            <= {x.code for x in a.triage.actions if x.until == ["cancer_history"]}
        ),
    ),
    Vignette(
        "cancer history not recorded + spinal-metastasis pain -> incomplete, acts as urgent "
        "until the cancer history is recorded, with the safety net",
        {"symptoms": ["mechanical_pain"]},
        lambda a: (
            a.triage.status == "incomplete"
            and a.triage.most_urgent_possible == "urgent"
            and a.triage.missing == ["cancer_history"]
            and "contact_mscc_coordinator_24h" in [x.code for x in a.triage.actions]
            and all(x.until == ["cancer_history"] for x in a.triage.actions)
            and "safety_net_neurology" in [x.code for x in a.triage.actions]
        ),
    ),
    Vignette(
        "known cancer, symptoms not asked -> incomplete, never without actions: the most "
        "urgent possibility (emergency) until the symptoms are recorded",
        {"cancer_history": "known"},
        lambda a: (
            a.triage.status == "incomplete"
            and a.triage.most_urgent_possible == "emergency"
            and bool(a.triage.actions)
            and all(x.until == ["symptoms"] for x in a.triage.actions)
        ),
    ),
    Vignette(
        "known cancer + claudication -> urgent (NG234 list, RF-SMET-01)",
        {"cancer_history": "known", "symptoms": ["claudication"]},
        lambda a: a.triage.category == "urgent" and a.triage.rules_fired == ["RF-SMET-01"],
    ),
    Vignette(
        "known cancer + thoracic pain -> urgent through CG75's rule, not NG234's",
        {"cancer_history": "known", "symptoms": ["thoracic_or_cervical_pain"]},
        lambda a: a.triage.rules_fired == ["RF-SMET-02"],
    ),
    Vignette(
        "emergency with lymphoma possible (no primary found) -> the steroid caution",
        {"cancer_history": "suspected", "primary_site": "unknown", "symptoms": ["limb_weakness"]},
        lambda a: "steroids_lymphoma_caution" in [x.code for x in a.triage.actions],
    ),
    Vignette(
        "emergency with confirmed lymphoma -> dexamethasone and haematology, no caution",
        {
            "cancer_history": "known",
            "primary_site": "lymphoma",
            "histology": "lymphoma",
            "symptoms": ["limb_weakness"],
        },
        lambda a: (
            "steroids_lymphoma_caution" not in [x.code for x in a.triage.actions]
            and "discuss_haematology" in [x.code for x in a.triage.actions]
        ),
    ),
    Vignette(
        "emergency with a known breast primary -> no lymphoma caution",
        {"cancer_history": "known", "primary_site": "breast", "symptoms": ["limb_weakness"]},
        lambda a: "steroids_lymphoma_caution" not in [x.code for x in a.triage.actions],
    ),
    Vignette(
        "no cancer, symptoms asked, none present, independent walking -> routine",
        {"cancer_history": "none", "symptoms": [], "ambulatory": "independent"},
        lambda a: a.triage.category == "routine",
    ),
]

PLAN = [
    Vignette(
        "solitary breast metastasis, KPS 40, not fit for surgery -> no en bloc excision, "
        "listed as excluded with the reason",
        {
            "cancer_history": "known",
            "primary_site": "breast",
            "kps": 40,
            "fit_for_surgery": False,
            "visceral_metastases": "none",
            "myelopathy": False,
            **SOLITARY,
            "lesions": [{**STABLE_T8, "bilsky": "1a"}],
        },
        lambda a: (
            not set(codes(a)) & SURGERY and "en_bloc_excision" in [e.code for e in a.plan.excluded]
        ),
    ),
    Vignette(
        "radioresistant high-grade unstable, not fit -> cEBRT, percutaneous stabilisation "
        "only as 'consider', no open surgery (NOMS-10)",
        {
            "cancer_history": "known",
            "primary_site": "kidney",
            "fit_for_surgery": False,
            "myelopathy": True,
            "lesions": [{**UNSTABLE_T12, "bilsky": "3"}],
        },
        lambda a: (
            a.plan.noms.rule == "NOMS-10"
            and not set(codes(a)) & SURGERY
            and "cebrt" in unconditional(a)
            and any(
                "consider" in w
                for r in a.plan.recommendations
                if r.code == "percutaneous_stabilisation"
                for w in r.when
            )
        ),
    ),
    Vignette(
        "radiosensitive low-grade unstable, not fit -> cEBRT, no open stabilisation (NOMS-02U)",
        {
            "cancer_history": "known",
            "primary_site": "breast",
            "fit_for_surgery": False,
            "myelopathy": False,
            "lesions": [{**UNSTABLE_T12, "bilsky": "1a"}],
        },
        lambda a: a.plan.noms.rule == "NOMS-02U" and "stabilisation" not in codes(a),
    ),
    Vignette(
        "fitness not recorded -> every surgical suggestion says 'if fit for surgery'",
        {
            "cancer_history": "known",
            "primary_site": "kidney",
            "myelopathy": True,
            "lesions": [{**UNSTABLE_T12, "bilsky": "3"}],
        },
        lambda a: (
            all(
                any("fit for surgery" in w for w in r.when)
                for r in a.plan.recommendations
                if r.code in SURGERY
            )
            and "decompression_and_stabilisation" in codes(a)
            and "fit_for_surgery" in a.plan.missing
        ),
    ),
    Vignette(
        "solitary plasmacytoma, fit, favourable scores -> no en bloc excision",
        {
            "cancer_history": "known",
            "primary_site": "myeloma",
            "histology": "myeloma_plasmacytoma",
            "kps": 90,
            "fit_for_surgery": True,
            "visceral_metastases": "none",
            "frankel": "E",
            **SOLITARY,
            "lesions": [{**STABLE_T8, "bilsky": "1a"}],
        },
        lambda a: (
            "en_bloc_excision" not in codes(a)
            and a.scores["tomita"].status == "not_applicable"
            and "CV-PLASMACYTOMA-01" in [c.code for c in a.plan.caveats]
        ),
    ),
    Vignette(
        "solitary bone lymphoma, fit, favourable scores -> no en bloc excision",
        {
            "cancer_history": "known",
            "primary_site": "lymphoma",
            "histology": "lymphoma",
            "kps": 90,
            "fit_for_surgery": True,
            "visceral_metastases": "none",
            "frankel": "E",
            **SOLITARY,
            "lesions": [{**STABLE_T8, "bilsky": "1a"}],
        },
        lambda a: "en_bloc_excision" not in codes(a),
    ),
    Vignette(
        "solitary renal metastasis, fit, Tomita 3 -> en bloc excision may be considered",
        {
            "cancer_history": "known",
            "primary_site": "kidney",
            "fit_for_surgery": True,
            "visceral_metastases": "none",
            **SOLITARY,
            "lesions": [{**STABLE_T8, "bilsky": "1a"}],
        },
        lambda a: "en_bloc_excision" in unconditional(a),
    ),
    Vignette(
        "prostate lesion at SINS 8 (7–12) -> a surgical opinion, stabilisation only if the "
        "surgeon judges the spine unstable",
        {
            "cancer_history": "known",
            "primary_site": "prostate",
            "fit_for_surgery": True,
            "myelopathy": False,
            "lesions": [{**SINS_7_PROSTATE, "bone_lesion": "lytic", "bilsky": "1a"}],
        },
        lambda a: (
            a.scores["sins"].total == 8
            and "surgical_opinion" in unconditional(a)
            and "stabilisation" not in unconditional(a)
            and a.plan.noms.status == "branched"
            and {b.rule for b in a.plan.noms.branches} == {"NOMS-01", "NOMS-02"}
            and "cebrt" in unconditional(a)
        ),
    ),
    Vignette(
        "the same lesion judged unstable by the surgeon -> stabilisation then cEBRT (NOMS-02), "
        "no further surgical opinion",
        {
            "cancer_history": "known",
            "primary_site": "prostate",
            "fit_for_surgery": True,
            "myelopathy": False,
            "instability_judgement": "unstable",
            "lesions": [{**SINS_7_PROSTATE, "bone_lesion": "lytic", "bilsky": "1a"}],
        },
        lambda a: (
            a.plan.noms.rule == "NOMS-02"
            and a.plan.noms.recommends == ["stabilisation", "cebrt"]
            and "surgical_opinion" not in codes(a)
        ),
    ),
    Vignette(
        "Bilsky 1c -> indeterminate group, both NOMS branches shown",
        {
            "cancer_history": "known",
            "primary_site": "kidney",
            "fit_for_surgery": True,
            "myelopathy": False,
            "lesions": [{**STABLE_T8, "bilsky": "1c"}],
        },
        lambda a: (
            a.scores["bilsky"].group == "indeterminate"
            and {b.rule for b in a.plan.noms.branches} == {"NOMS-03", "NOMS-07"}
            and "CV-BILSKY-1C-01" in [c.code for c in a.plan.caveats]
        ),
    ),
    Vignette(
        "asymptomatic intradural meningioma -> observation without a Bilsky grade; SINS, "
        "Bilsky and the prognosis scores not applicable",
        {
            "cancer_history": "none",
            "histology": "meningioma",
            "symptoms": [],
            "myelopathy": False,
            "lesions": [{"level": "T5", "compartment": "intradural_extramedullary"}],
        },
        lambda a: (
            codes(a) == ["observation"]
            and all(
                a.scores[k].status == "not_applicable"
                for k in (
                    "sins",
                    "bilsky",
                    "tokuhashi_revised",
                    "tomita",
                    "bauer_modified",
                    "nesms",
                )
            )
        ),
    ),
    Vignette(
        "incidental vertebral haemangioma -> observation, no biopsy",
        {
            "cancer_history": "none",
            "histology": "haemangioma",
            "symptoms": [],
            **SOLITARY,
            "lesions": [{**STABLE_T8, "level": "L3"}],
        },
        lambda a: "biopsy" not in codes(a) and "observation" in codes(a),
    ),
    Vignette(
        "symptomatic intradural schwannoma, fit -> tumour resection",
        {
            "cancer_history": "none",
            "histology": "schwannoma",
            "symptoms": ["radicular_pain"],
            "fit_for_surgery": True,
            "lesions": [{"level": "L1", "compartment": "intradural_extramedullary"}],
        },
        lambda a: "tumour_resection" in unconditional(a) and "observation" not in codes(a),
    ),
    Vignette(
        "symptomatic intramedullary ependymoma, fitness unknown -> tumour resection if fit, "
        "with the extent-of-resection caveat",
        {
            "cancer_history": "none",
            "histology": "ependymoma",
            "symptoms": ["sensory_loss"],
            "lesions": [{"level": "C5", "compartment": "intramedullary"}],
        },
        lambda a: (
            [r.when for r in a.plan.recommendations if r.code == "tumour_resection"]
            == [["if fit for surgery"]]
            and "CV-INTRAMEDULLARY-01" in [c.code for c in a.plan.caveats]
        ),
    ),
    Vignette(
        "symptomatic intradural tumour, not fit -> no resection, listed as excluded",
        {
            "cancer_history": "none",
            "histology": "meningioma",
            "symptoms": ["limb_weakness"],
            "fit_for_surgery": False,
            "lesions": [{"level": "T5", "compartment": "intradural_extramedullary"}],
        },
        lambda a: (
            "tumour_resection" not in codes(a)
            and [e.code for e in a.plan.excluded] == ["tumour_resection"]
        ),
    ),
    Vignette(
        "solitary chordoma, fit -> en bloc excision and biopsy planning; no prognosis scores",
        {
            "cancer_history": "none",
            "histology": "chordoma",
            "fit_for_surgery": True,
            "visceral_metastases": "none",
            "lesions": [{**STABLE_T8, "level": "S2"}],
        },
        lambda a: (
            "en_bloc_excision" in unconditional(a)
            and a.scores["tokuhashi_revised"].status == "not_applicable"
        ),
    ),
    Vignette(
        "giant cell tumour -> en bloc is no longer suggested (not in §15.5's list)",
        {
            "cancer_history": "none",
            "histology": "giant_cell_tumour",
            "fit_for_surgery": True,
            **SOLITARY,
            "lesions": [STABLE_T8],
        },
        lambda a: "en_bloc_excision" not in codes(a),
    ),
    Vignette(
        "best supportive care with separation surgery in one proposal -> a conflict is shown",
        POOR_PROGNOSIS,
        lambda a: (
            {"best_supportive_care", "decompression_and_stabilisation"} <= set(codes(a))
            and "CF-PLAN-01" in [c.code for c in a.plan.conflicts]
        ),
    ),
]

SCORES = [
    Vignette(
        "NESMS: modified Bauer ≥ 3 alone scores 2",
        {
            "primary_site": "breast",
            "visceral_metastases": "none",
            **SOLITARY,
            "ambulatory": "assisted",
            "albumin_g_per_l": 30,
        },
        lambda a: a.scores["nesms"].total == 2,
    ),
    Vignette(
        "NESMS: modified Bauer ≥ 3 and one other favourable item score 3 (the cap)",
        {
            "primary_site": "breast",
            "visceral_metastases": "none",
            **SOLITARY,
            "ambulatory": "independent",
            "albumin_g_per_l": 30,
        },
        lambda a: a.scores["nesms"].total == 3,
    ),
    Vignette(
        "NESMS: every item favourable scores 3, not 4",
        {
            "primary_site": "breast",
            "visceral_metastases": "none",
            **SOLITARY,
            "ambulatory": "independent",
            "albumin_g_per_l": 40,
        },
        lambda a: a.scores["nesms"].total == 3 and a.scores["nesms"].max == 3,
    ),
    Vignette(
        "Tomita is not applicable to myeloma",
        {"primary_site": "myeloma", "visceral_metastases": "none", **SOLITARY},
        lambda a: a.scores["tomita"].status == "not_applicable" and a.scores["tomita"].min is None,
    ),
    Vignette(
        "breast is radiosensitive for NOMS, flagged as a local placement",
        {"cancer_history": "known", "primary_site": "breast"},
        lambda a: (
            a.tumour.radiosensitivity == "sensitive"
            and "CV-RADIO-LOCAL-01" in [c.code for c in a.plan.caveats]
        ),
    ),
]


def _ids(vignettes: list[Vignette]) -> list[str]:
    return [v.sentence for v in vignettes]


@pytest.mark.parametrize("vignette", TRIAGE + PLAN + SCORES, ids=_ids(TRIAGE + PLAN + SCORES))
def test_vignette(vignette: Vignette) -> None:
    result = assess(parse_case(vignette.case))
    assert vignette.check(result), result.model_dump_json(indent=1)


def _batch_row(case: dict[str, Any]) -> dict[str, Any]:
    row = {k: v for k, v in case.items() if k != "lesions"}
    (lesion,) = case.get("lesions") or [{}]
    row.update(lesion)
    if "symptoms" in row:
        row["symptoms"] = ";".join(row["symptoms"])
    return {k: (str(v).lower() if isinstance(v, bool) else str(v)) for k, v in row.items()}


ONE_LESION = [v for v in TRIAGE + PLAN + SCORES if len(v.case.get("lesions", [])) <= 1]


@pytest.mark.parametrize("vignette", ONE_LESION, ids=_ids(ONE_LESION))
def test_the_batch_scorer_agrees_on_each_vignette(vignette: Vignette) -> None:
    row = _batch_row(vignette.case)
    names = [n for n in COLUMNS if n in row]
    frame = pl.DataFrame({n: [row[n]] for n in names}, schema={n: pl.String for n in names})
    scored, rejected = score_rows(frame.lazy())
    assert rejected.collect().height == 0
    (got,) = scored.collect().to_dicts()
    expected = assess(parse_case(vignette.case))
    assert (got["triage_status"], got["triage_category"]) == (
        expected.triage.status,
        expected.triage.category,
    )
    for key in ("sins", "tomita", "tokuhashi_revised", "nesms", "bauer_modified"):
        result = expected.scores[key]
        assert (got[f"{key}_status"], got[f"{key}_total"]) == (result.status, result.total), key
    assert (got["bilsky_status"], got["bilsky_group"]) == (
        expected.scores["bilsky"].status,
        expected.scores["bilsky"].group,
    )


@pytest.mark.parametrize(
    ("plan", "conflict"),
    [
        (["decompression_and_stabilisation", "srs", "best_supportive_care"], "CF-PLAN-01"),
        (["observation", "tumour_resection"], "CF-PLAN-02"),
        (["decompression_and_stabilisation", "cebrt", "srs", "best_supportive_care"], "CF-PLAN-03"),
    ],
)
def test_a_final_plan_with_an_incompatible_pair_reports_the_conflict(
    plan: list[str], conflict: str
) -> None:
    assert conflict in [c.code for c in plan_conflicts(plan)]


def test_a_coherent_plan_reports_no_conflict() -> None:
    assert plan_conflicts(["stabilisation", "srs", "systemic_therapy", "analgesia"]) == []


def test_a_json_field_given_twice_is_an_error_not_the_last_one() -> None:
    # json.loads keeps the last value: "symptoms": [] after limb weakness read as routine.
    from spinepath.clinical.case import CaseValidationError, parse_case_json

    text = '{"cancer_history": "known", "symptoms": ["limb_weakness"], "symptoms": []}'
    with pytest.raises(CaseValidationError) as caught:
        parse_case_json(text)
    assert [e.field for e in caught.value.errors] == ["symptoms"]


def test_an_unstable_spine_from_a_benign_tumour_asks_for_stabilisation_if_fit() -> None:
    case = {
        "cancer_history": "none",
        "histology": "haemangioma",
        "symptoms": [],
        "myelopathy": False,
        "fit_for_surgery": True,
        "lesions": [{**UNSTABLE_T12, "bilsky": "0"}],
    }
    result = assess(parse_case(case))
    assert {"surgical_opinion", "stabilisation"} <= unconditional(result)
    assert "observation" not in codes(result)
    unfit = assess(parse_case({**case, "fit_for_surgery": False}))
    assert "stabilisation" in [e.code for e in unfit.plan.excluded]


def test_the_unfit_caveat_sits_on_what_is_only_considered_never_on_the_radiotherapy() -> None:
    case = {
        "cancer_history": "known",
        "primary_site": "breast",
        "fit_for_surgery": False,
        "myelopathy": False,
        "lesions": [{**UNSTABLE_T12, "bilsky": "1a"}],
    }
    recs = {r.code: r for r in assess(parse_case(case)).plan.recommendations}
    assert recs["cebrt"].notes == []
    assert recs["cebrt"].when == []
    assert [n.code for n in recs["percutaneous_stabilisation"].notes] == ["NT-UNFIT-UNSTABLE-01"]
