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
    """The texts of a result's caveats, joined (caveats are coded statements)."""
    return " ".join(c["text"] for c in result["caveats"])


def codes(statements: list[dict[str, Any]]) -> list[str]:
    """The codes of a list of caveats, warnings or conflicts."""
    return [s["code"] for s in statements]


def said(statements: list[dict[str, Any]], code: str) -> dict[str, Any]:
    """The one statement with ``code`` (caveat, warning or conflict); fails if absent."""
    found = [s for s in statements if s["code"] == code]
    assert len(found) == 1, (code, codes(statements))
    return found[0]
