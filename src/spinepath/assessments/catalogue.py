"""Every score the engine derives, described as data for pages and the API.

Read from the clinical core's tables (spinepath.clinical.scores): names, versions, sources,
sign-off flags, criteria, options, points, bands and caveats are never restated here.
"""

from __future__ import annotations

from typing import Any, Final

from spinepath.clinical.scores import ALL_TABLES, SCORE_KEYS
from spinepath.clinical.scores.bilsky import BILSKY
from spinepath.clinical.scores.scales import SCALES
from spinepath.clinical.scores.table import PointTable

__all__ = ["SCORE_NAMES", "score_summaries", "score_table"]

_TABLES: Final = {table.key: table for table in ALL_TABLES}
_SCALES: Final = {scale.key: scale for scale in SCALES}


def _summary(key: str) -> dict[str, Any]:
    if key in _TABLES:
        table = _TABLES[key]
        kind, item = "points", table
    elif key == BILSKY.key:
        kind, item = "grade", BILSKY
    else:
        kind, item = "scale", _SCALES[key]
    return {
        "key": key,
        "name": item.name,
        "kind": kind,
        "version": item.version,
        "source": item.source,
        "confidence": item.confidence,
        "needs_sign_off": item.needs_sign_off,
    }


SCORE_NAMES: Final = {key: _summary(key)["name"] for key in SCORE_KEYS}


def score_summaries() -> list[dict[str, Any]]:
    """Every score key in report order: name, kind, version, source, sign-off flag."""
    return [_summary(key) for key in SCORE_KEYS]


def score_table(key: str) -> dict[str, Any] | None:
    """One score's definition as data (None for an unknown key)."""
    if key not in SCORE_KEYS:
        return None
    data = _summary(key)
    data.update(criteria=[], bands=[], grades=[], low=None, high=None, higher_is_better=None)
    if key in _TABLES:
        table: PointTable = _TABLES[key]
        data.update(
            low=table.low,
            high=table.high,
            higher_is_better=table.higher_is_better,
            criteria=[
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
            bands=[
                {
                    "code": band.code,
                    "label": band.label,
                    "low": band.low,
                    "high": band.high,
                    "meaning": band.meaning,
                }
                for band in table.bands
            ],
            caveats=[{"code": c, "text": t} for c, t in table.caveats],
        )
    elif key == BILSKY.key:
        data.update(
            grades=[
                {"code": g.code, "label": g.label, "group": g.group, "note": g.note}
                for g in BILSKY.grades.values()
            ],
            caveats=[{"code": c, "text": t} for c, t in BILSKY.caveats],
        )
    else:
        scale = _SCALES[key]
        data.update(
            grades=[
                {"code": code, "label": text, "group": None, "note": None}
                for code, text in scale.grades.items()
            ],
            caveats=[{"code": c, "text": t} for c, t in scale.caveats],
        )
    return data
