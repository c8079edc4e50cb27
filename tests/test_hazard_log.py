"""The hazard log names only tests that exist (docs/safety/hazard-log.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.clinical.test_safety_amendments import PLAN, SCORES, TRIAGE

ROOT = Path(__file__).resolve().parents[1]
LOG = (ROOT / "docs" / "safety" / "hazard-log.md").read_text("utf-8")
SENTENCES = [v.sentence for v in TRIAGE + PLAN + SCORES]


def _functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}


def test_every_test_the_hazard_log_names_exists() -> None:
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", LOG)
    assert named, "the hazard log names no test"
    missing = [
        f"{path}::{name}"
        for path, name in named
        if not (ROOT / path).exists() or name not in _functions(ROOT / path)
    ]
    assert missing == []


def test_every_vignette_the_hazard_log_names_exists() -> None:
    quoted = re.findall(r'vignette: "([^"]+)"', LOG)
    assert quoted, "the hazard log names no vignette"
    missing = [q for q in quoted if not any(s.startswith(q) for s in SENTENCES)]
    assert missing == []


def test_every_hazard_has_controls_and_tests() -> None:
    sections = re.split(r"^## ", LOG, flags=re.M)[1:]
    assert len(sections) >= 10
    for section in sections:
        assert "**Controls:**" in section, section.splitlines()[0]
        assert "**Tests:**" in section, section.splitlines()[0]
