"""Every score the engine derives, described as data for pages and the API.

Read from the clinical core's tables (spinepath.clinical.scores): names, versions, sources,
sign-off flags, criteria, options, points, bands and caveats are never restated here.
"""

from __future__ import annotations

from typing import Any, Final

from spinepath.clinical.scores import REGISTRY, SCORE_KEYS
from spinepath.clinical.scores.table import PointTable

__all__ = ["SCORE_NAMES", "score_summaries", "score_table"]

_BY_KEY: Final = {definition.key: definition for definition in REGISTRY}


def _summary(key: str) -> dict[str, Any]:
    definition = _BY_KEY[key]
    return {
        "key": key,
        "name": definition.name,
        "kind": definition.kind,
        "version": definition.version,
        "source": definition.provenance.source,
        "confidence": definition.provenance.confidence,
        "needs_sign_off": definition.provenance.needs_sign_off,
    }


SCORE_NAMES: Final = {key: _summary(key)["name"] for key in SCORE_KEYS}


def score_summaries() -> list[dict[str, Any]]:
    """Every score key in report order: name, kind, version, source, sign-off flag."""
    return [_summary(key) for key in SCORE_KEYS]


def score_table(key: str) -> dict[str, Any] | None:
    """One score's definition as data (None for an unknown key)."""
    definition = _BY_KEY.get(key)
    if definition is None:
        return None
    data = _summary(key)
    data.update(criteria=[], bands=[], grades=[], low=None, high=None, higher_is_better=None)
    data["caveats"] = [{"code": c, "text": t} for c, t in definition.caveats]
    if isinstance(definition, PointTable):
        data.update(_points(definition))
    else:
        data["grades"] = [
            {"code": code, "label": label, "group": group, "note": note}
            for code, label, group, note in definition.grade_rows()
        ]
    return data


def _points(table: PointTable) -> dict[str, Any]:
    return {
        "low": table.low,
        "high": table.high,
        "higher_is_better": table.higher_is_better,
        "criteria": [
            {
                "code": criterion.code,
                "label": criterion.label,
                "options": [
                    {
                        "code": option.code,
                        "label": option.label,
                        "points": option.points,
                        "when": option.when.describe(),
                    }
                    for option in criterion.options
                ],
            }
            for criterion in table.criteria
        ],
        "bands": [
            {
                "code": band.code,
                "label": band.label,
                "low": band.low,
                "high": band.high,
                "meaning": band.meaning,
            }
            for band in table.bands
        ],
    }
