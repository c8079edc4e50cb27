"""Small helpers: run a case dict through the engine's public entry points."""

from __future__ import annotations

from typing import Any

from spinepath.clinical.assess import assess
from spinepath.clinical.case import parse_case
from spinepath.clinical.scores import score_case


def assessment(case: dict[str, Any]) -> dict[str, Any]:
    """The spinepath-assessment/1 document for a case given as a dict."""
    return assess(parse_case(case)).to_dict()


def scores(case: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every score of a case, as it appears in the assessment's ``scores``."""
    return {key: result.to_dict() for key, result in score_case(parse_case(case)).items()}


def score(key: str, case: dict[str, Any]) -> dict[str, Any]:
    return scores(case)[key]


def sins_of(*lesions: dict[str, Any]) -> dict[str, Any]:
    return score("sins", {"lesions": list(lesions)})


def band_code(result: dict[str, Any]) -> str | None:
    return result["band"]["code"] if result["band"] else None


def reachable_codes(result: dict[str, Any]) -> set[str]:
    if result["status"] == "complete":
        return {band_code(result)}  # type: ignore[arg-type]
    return {b["code"] for b in result.get("reachable_bands", [])}


def all_caveats(result: dict[str, Any]) -> str:
    return " ".join(result["caveats"])
