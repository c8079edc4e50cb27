"""Frankel, ASIA, KPS, ECOG (clinical-content §7) and K1–K2: no silent KPS↔ECOG conversion."""

from __future__ import annotations

import pytest

from tests.clinical.helpers import assessment, codes, said

KPS_SCORES = ("tokuhashi_revised", "tokuhashi_1990", "van_der_linden")
FULL_EXCEPT_KPS = {
    "primary_site": "breast",
    "extraspinal_bone_metastases": 0,
    "vertebral_metastases": 1,
    "visceral_metastases": "none",
    "frankel": "E",
}


@pytest.mark.parametrize("ecog", range(0, 6))
def test_it_leaves_kps_scores_incomplete_and_warns_when_only_ecog_is_recorded(ecog: int) -> None:
    result = assessment({**FULL_EXCEPT_KPS, "ecog": ecog})
    for key in KPS_SCORES:
        scored = result["scores"][key]
        assert scored["status"] == "incomplete", key
        assert scored["total"] is None
        assert "kps" in scored["missing"]
    assert result["scores"]["kps"]["grade"] is None
    assert result["scores"]["ecog"]["grade"] == ecog
    warning = said(result["warnings"], "WN-KPS-ECOG-01")
    assert warning["kind"] == "warning"
    assert "ECOG" in warning["text"]
    assert "KPS" in warning["text"]


@pytest.mark.parametrize("kps", [70, 50])
def test_it_never_derives_an_ecog_from_a_kps_k1_k2(kps: int) -> None:
    # K1/K2: KPS 70 is ECOG 1 or 2, KPS 50 is ECOG 2 or 3, depending on the mapping (§7.5).
    result = assessment({**FULL_EXCEPT_KPS, "kps": kps})
    assert result["scores"]["ecog"]["status"] == "incomplete"
    assert result["scores"]["ecog"]["grade"] is None
    assert result["scores"]["kps"]["grade"] == kps
    assert result["scores"]["tokuhashi_revised"]["status"] == "complete"


def test_it_does_not_convert_asia_to_frankel_and_says_so() -> None:
    result = assessment({**FULL_EXCEPT_KPS, "kps": 90, "frankel": None, "asia": "E"})
    assert result["scores"]["frankel"]["grade"] is None
    assert result["scores"]["tokuhashi_revised"]["status"] == "incomplete"
    warning = said(result["warnings"], "WN-FRANKEL-ASIA-01")
    assert "ASIA" in warning["text"]
    assert "Frankel" in warning["text"]


def test_it_does_not_warn_about_conversion_when_kps_and_frankel_are_recorded() -> None:
    result = assessment({**FULL_EXCEPT_KPS, "kps": 90, "ecog": 1, "asia": "E"})
    assert not {"WN-KPS-ECOG-01", "WN-FRANKEL-ASIA-01"} & set(codes(result["warnings"]))


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("frankel", "A", "no motor or sensory function"),
        ("frankel", "D", "useful motor function"),
        ("asia", "A", "S4–S5"),
        ("kps", 60, "occasional assistance"),
        ("kps", 10, "Moribund"),
        ("ecog", 3, "limited self-care"),
        ("ecog", 5, "Dead"),
    ],
)
def test_it_reports_a_recorded_grade_with_its_definition(
    key: str, value: object, words: str
) -> None:
    result = assessment({key: value})["scores"][key]
    assert result["status"] == "complete"
    assert result["grade"] == value
    assert words in result["label"]
