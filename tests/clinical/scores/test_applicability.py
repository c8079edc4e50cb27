"""When a score does not apply at all (clinical-content §15.7, §15.14).

The metastasis prognosis scores are not applicable to a benign or primary (non-
haematological) tumour; Tomita also not to myeloma or lymphoma; SINS and Bilsky not to an
intradural or intramedullary lesion. A score that does not apply says why and is never a
total; a missing histology or compartment does not make it inapplicable.
"""

from __future__ import annotations

import pytest

from tests.clinical import spec_tables as spec
from tests.clinical.helpers import assessment, score, scores

COMPLETE = {
    "primary_site": "breast",
    "kps": 80,
    "extraspinal_bone_metastases": 0,
    "vertebral_metastases": 1,
    "visceral_metastases": "none",
    "frankel": "E",
    "pathological_fracture": False,
    "ambulatory": "independent",
    "albumin_g_per_l": 40.0,
}
PROGNOSIS = sorted(spec.METASTASIS_PROGNOSIS_SCORES)


@pytest.mark.parametrize("histology", sorted(spec.HISTOLOGIES_BENIGN_OR_PRIMARY))
def test_the_prognosis_scores_do_not_apply_to_a_benign_or_primary_tumour(histology: str) -> None:
    result = assessment({**COMPLETE, "histology": histology})
    for key in PROGNOSIS:
        scored = result["scores"][key]
        assert scored["status"] == "not_applicable", key
        assert (scored["total"], scored["min"], scored["max"], scored["band"]) == (
            None,
            None,
            None,
            None,
        ), key
        assert "benign or primary" in scored["reason"], key
    warned = [w["text"] for w in result["warnings"] if w["code"] == "WN-NOT-APPLICABLE-01"]
    names = [result["scores"][key]["name"] for key in PROGNOSIS]
    assert sorted(n for n in names for w in warned if w.startswith(f"{n} is")) == sorted(names)


def test_a_lesion_of_unrecorded_compartment_lies_where_its_histology_grows() -> None:
    # A meningioma is intradural extramedullary (catalogue §10.1): no SINS, no Bilsky.
    result = assessment({"histology": "meningioma", "lesions": [{"level": "T5"}]})
    assert result["scores"]["sins"]["status"] == "not_applicable"
    assert result["scores"]["bilsky"]["status"] == "not_applicable"
    assert any(w["code"] == "WN-INTRADURAL-01" for w in result["warnings"])
    # A recorded compartment wins over the histology's usual one.
    recorded = assessment(
        {"histology": "meningioma", "lesions": [{"level": "T5", "compartment": "extradural"}]}
    )
    assert recorded["scores"]["sins"]["status"] == "incomplete"


@pytest.mark.parametrize(
    "histology",
    sorted(spec.HISTOLOGIES_METASTATIC | spec.HISTOLOGIES_HAEMATOLOGICAL),
)
def test_the_prognosis_scores_apply_to_a_metastasis_myeloma_or_lymphoma(histology: str) -> None:
    scored = scores({**COMPLETE, "histology": histology})
    for key in PROGNOSIS:
        haematological = histology in spec.HISTOLOGIES_HAEMATOLOGICAL
        expected = "not_applicable" if key == "tomita" and haematological else "complete"
        assert scored[key]["status"] == expected, key


def test_a_missing_histology_leaves_the_prognosis_scores_applicable() -> None:
    scored = scores(COMPLETE)
    assert {scored[key]["status"] for key in PROGNOSIS} == {"complete"}


@pytest.mark.parametrize("site", sorted(spec.TOMITA_NOT_APPLICABLE_SITES))
def test_tomita_alone_does_not_apply_to_a_myeloma_or_lymphoma_primary(site: str) -> None:
    scored = scores({**COMPLETE, "primary_site": site})
    assert scored["tomita"]["status"] == "not_applicable"
    for key in set(PROGNOSIS) - {"tomita"}:
        assert scored[key]["status"] == "complete", key


@pytest.mark.parametrize("compartment", sorted(spec.INTRADURAL_COMPARTMENTS))
def test_sins_and_bilsky_do_not_apply_to_an_intradural_lesion(compartment: str) -> None:
    lesion = {
        "level": "T6",
        "compartment": compartment,
        "pain": "mechanical",
        "bone_lesion": "lytic",
        "alignment": "normal",
        "collapse": "none",
        "posterolateral": "none",
        "bilsky": "3",
    }
    result = assessment({"lesions": [lesion]})
    for key in ("sins", "bilsky"):
        scored = result["scores"][key]
        assert scored["status"] == "not_applicable", key
        assert scored["total"] is None, key
        assert scored["grade"] is None, key
        assert scored["reason"], key
    assert result["scores"]["sins"]["lesions"][0]["status"] == "not_applicable"
    assert any(w["code"] == "WN-INTRADURAL-01" for w in result["warnings"])


def test_the_case_scores_only_the_extradural_lesions_beside_an_intradural_one() -> None:
    extradural = {
        "level": "L1",
        "compartment": "extradural",
        "pain": "none",
        "bone_lesion": "blastic",
        "alignment": "normal",
        "collapse": "none",
        "posterolateral": "none",
        "bilsky": "1a",
    }  # SINS 3
    intradural = {
        **extradural,
        "level": "C5",
        "compartment": "intramedullary",
        "pain": "mechanical",
        "alignment": "subluxation",
        "bilsky": "3",
    }
    sins = score("sins", {"lesions": [intradural, extradural]})
    assert (sins["status"], sins["total"], sins["lesion"]) == ("complete", 3, "L1")
    assert [lesion["status"] for lesion in sins["lesions"]] == ["not_applicable", "complete"]
    bilsky = score("bilsky", {"lesions": [intradural, extradural]})
    assert (bilsky["status"], bilsky["grade"], bilsky["lesion"]) == ("complete", "1a", "L1")


def test_a_lesion_without_a_compartment_is_scored() -> None:
    sins = score("sins", {"lesions": [{"level": "T6", "bilsky": "2"}]})
    assert sins["status"] == "incomplete"
    assert score("bilsky", {"lesions": [{"level": "T6", "bilsky": "2"}]})["grade"] == "2"
