"""Render docs/clinical-sources.md from the clinical data itself.

Every point table, band set, catalogue mapping, triage rule and action, and planning rule
is listed with its code, version, source, confidence and sign-off flag, and the section of
shared/spec/clinical-content.md it implements. A test checks the committed file equals this
output, so the document cannot drift from the code.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spinepath import __version__
from spinepath.clinical.catalogue import CATALOGUE_VERSION, HISTOLOGIES, MAPPINGS, PRIMARY_SITES
from spinepath.clinical.planning.rules import NOMS_RULES, OTHER_RULES, PlanRule
from spinepath.clinical.planning.rules import RULESET_VERSION as PLAN_VERSION
from spinepath.clinical.scores import ALL_TABLES
from spinepath.clinical.scores.bilsky import BILSKY
from spinepath.clinical.scores.scales import SCALES
from spinepath.clinical.triage.rules import ACTIONS, RULES
from spinepath.clinical.triage.rules import RULESET_VERSION as TRIAGE_VERSION

__all__ = ["render_sources"]

_PREFACE = (Path(__file__).parent / "clinical-sources-preface.md").read_text("utf-8")


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def _table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    header = list(header)
    return [_row(*header), _row(*("---" for _ in header)), *(_row(*r) for r in rows)]


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def render_sources() -> str:
    lines = [_PREFACE]
    lines += [
        f"Generated for engine {__version__}, catalogue {CATALOGUE_VERSION}, "
        f"triage rules {TRIAGE_VERSION}, plan rules {PLAN_VERSION}.",
        "",
    ]

    lines += ["## Scores", ""]
    rows = [
        (
            f"`{t.key}`",
            t.name,
            t.version,
            t.spec_section,
            t.confidence,
            _yes(t.needs_sign_off),
            t.source,
        )
        for t in ALL_TABLES
    ]
    rows.append(
        (
            f"`{BILSKY.key}`",
            BILSKY.name,
            BILSKY.version,
            BILSKY.spec_section,
            BILSKY.confidence,
            _yes(BILSKY.needs_sign_off),
            BILSKY.source,
        )
    )
    rows += [
        (
            f"`{s.key}`",
            s.name,
            s.version,
            s.spec_section,
            s.confidence,
            _yes(s.needs_sign_off),
            s.source,
        )
        for s in SCALES
    ]
    lines += _table(("Code", "Score", "Version", "Spec", "Confidence", "Sign-off", "Source"), rows)

    lines += ["", "### Bands", ""]
    band_rows = [
        (f"`{t.key}`", f"`{b.code}`", f"{b.low}–{b.high}", b.meaning)
        for t in ALL_TABLES
        for b in t.bands
    ]
    lines += _table(("Score", "Band", "Totals", "Meaning (as the source reads it)"), band_rows)

    lines += ["", "## Catalogue", "", "### Mappings of primary sites", ""]
    lines += _table(
        ("Code", "Mapping", "Spec", "Source"),
        ((f"`{m.code}`", m.label, m.spec_section, m.source) for m in MAPPINGS.values()),
    )
    lines += [
        "",
        "### Primary sites",
        "",
        "Each cell is the group; `*` marks a local placement the source does not name "
        "(sign-off), `–` no placement (the item stays open).",
        "",
    ]
    site_rows = []
    for site in PRIMARY_SITES.values():
        cells = []
        for code in MAPPINGS:
            where = site.placements[code]
            cells.append("–" if where.group is None else where.group + ("" if where.named else "*"))
        site_rows.append((f"`{site.code}`", *cells))
    lines += _table(("Site", *MAPPINGS), site_rows)
    lines += ["", "### Histologies (spec §10.1)", ""]
    lines += _table(
        ("Code", "Histology", "Compartment", "Behaviour", "Origin", "Bone tumour", "Confidence"),
        (
            (
                f"`{h.code}`",
                h.label,
                h.compartment,
                h.behaviour,
                h.origin,
                _yes(h.bone_tumour),
                h.confidence,
            )
            for h in HISTOLOGIES.values()
        ),
    )

    lines += ["", f"## Triage rules (spec §9, version {TRIAGE_VERSION})", ""]
    lines += _table(
        ("Code", "Category", "When", "Confidence", "Sign-off", "Source"),
        (
            (
                f"`{r.code}`",
                r.category,
                r.when.describe(),
                r.confidence,
                _yes(r.needs_sign_off),
                r.source,
            )
            for r in RULES
        ),
    )
    lines += ["", "### Triage actions", ""]
    lines += _table(
        ("Code", "Deadline (h)", "From", "For", "Confidence", "Source"),
        (
            (
                f"`{a.code}`",
                "–" if a.deadline_hours is None else a.deadline_hours,
                a.anchor,
                a.audience,
                a.confidence,
                a.source,
            )
            for a in ACTIONS.values()
        ),
    )

    lines += ["", f"## Planning rules (spec §1.3, §5, §6, §8, §9; version {PLAN_VERSION})", ""]
    lines += _table(
        ("Code", "Suggests", "Confidence", "Sign-off", "Source", "Rationale"),
        (_plan_row(r) for r in (*NOMS_RULES, *OTHER_RULES)),
    )
    return "\n".join(lines) + "\n"


def _plan_row(rule: PlanRule) -> tuple[str, ...]:
    return (
        f"`{rule.code}`",
        " → ".join(rule.recommends),
        rule.confidence,
        _yes(rule.needs_sign_off),
        rule.source,
        rule.rationale,
    )
