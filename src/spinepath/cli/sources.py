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
from spinepath.clinical.planning.rules import (
    CAVEAT_RULES,
    DERIVED_FACTS,
    FITNESS_GATE,
    INCOMPATIBLE,
    NOMS_RULES,
    OTHER_RULES,
    PlanRule,
)
from spinepath.clinical.planning.rules import RULESET_VERSION as PLAN_VERSION
from spinepath.clinical.scores import ALL_TABLES, REGISTRY
from spinepath.clinical.statements import STATEMENTS
from spinepath.clinical.triage.rules import ACTIONS, ADD_ONS, NEUROLOGICAL_SIGNS, RULES
from spinepath.clinical.triage.rules import DERIVED_FACTS as TRIAGE_DERIVED
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
            f"`{d.key}`",
            d.name,
            d.kind,
            d.version,
            d.provenance.section,
            d.provenance.confidence,
            _yes(d.provenance.needs_sign_off),
            d.provenance.source,
        )
        for d in REGISTRY
    ]
    lines += _table(
        ("Code", "Score", "Kind", "Version", "Spec", "Confidence", "Sign-off", "Source"), rows
    )
    lines += ["", "### When a score does not apply", ""]
    lines += _table(
        ("Code", "Scores", "When", "Reason", "Spec", "Confidence"),
        (
            (
                f"`{n.code}`",
                ", ".join(
                    f"`{d.key}`" for d in REGISTRY if n in getattr(d, "not_applicable_when", ())
                ),
                n.when.describe(),
                n.reason,
                n.provenance.section,
                n.provenance.confidence,
            )
            for n in dict.fromkeys(
                n for d in REGISTRY for n in getattr(d, "not_applicable_when", ())
            )
        ),
    )
    lines += ["", "### Caveats of the tables", ""]
    lines += _table(
        ("Code", "Score", "Text", "Confidence"),
        (
            (f"`{c}`", f"`{d.key}`", t, d.provenance.confidence)
            for d in REGISTRY
            for c, t in d.caveats
        ),
    )
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
    lines += ["", "### Recorded neurological signs (spec §15.1)", ""]
    lines += _table(
        ("Code", "Field", "Values", "Label", "Spec", "Confidence", "Source"),
        (
            (
                f"`{sign.code}`",
                sign.fact,
                "yes" if sign.codes is None else ", ".join(sorted(sign.codes)),
                sign.label,
                sign.provenance.section,
                sign.provenance.confidence,
                sign.provenance.source,
            )
            for sign in NEUROLOGICAL_SIGNS
        ),
    )
    lines += ["", "### Derived triage facts", ""]
    lines += _table(
        ("Fact", "When", "Meaning", "Spec", "Confidence"),
        (
            (
                f"`{d.code}`",
                d.when.describe(),
                d.meaning,
                d.provenance.section,
                d.provenance.confidence,
            )
            for d in TRIAGE_DERIVED.values()
        ),
    )
    lines += ["", "### Actions added to others", ""]
    lines += _table(
        ("Code", "After", "Adds", "When", "Spec", "Confidence", "Source"),
        (
            (
                f"`{a.code}`",
                f"`{a.after}`",
                f"`{a.action}`",
                a.when.describe(),
                a.provenance.section,
                a.provenance.confidence,
                a.provenance.source,
            )
            for a in ADD_ONS
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
    lines += ["", "### Derived planning facts", ""]
    lines += _table(("Fact", "Meaning"), ((f"`{k}`", v) for k, v in DERIVED_FACTS.items()))
    lines += ["", "### The fitness gate (spec §15.4)", ""]
    lines += _table(
        ("Code", "Codes", "Requires", "When unknown", "Spec", "Confidence"),
        [
            (
                f"`{FITNESS_GATE.code}`",
                ", ".join(sorted(FITNESS_GATE.codes)),
                FITNESS_GATE.requires.describe(),
                FITNESS_GATE.unknown_label,
                FITNESS_GATE.provenance.section,
                FITNESS_GATE.provenance.confidence,
            )
        ],
    )
    lines += ["", "### Recommendations that exclude each other (spec §15.8)", ""]
    lines += _table(
        ("Code", "These", "exclude these"),
        (
            (f"`{i.code}`", ", ".join(sorted(i.first)), ", ".join(sorted(i.second)))
            for i in INCOMPATIBLE
        ),
    )
    lines += ["", "### Plan caveats said when a condition holds", ""]
    lines += _table(
        ("Code", "When"), ((f"`{code}`", when.describe()) for code, when in CAVEAT_RULES)
    )
    lines += ["", "## Statements: caveats, warnings, conflicts and notes (spec §15.9)", ""]
    lines += _table(
        ("Code", "Kind", "Text", "Spec", "Confidence", "Source"),
        (
            (
                f"`{st.code}`",
                st.kind,
                st.text,
                st.provenance.section,
                st.provenance.confidence,
                st.provenance.source,
            )
            for st in STATEMENTS.values()
        ),
    )
    return "\n".join(lines) + "\n"


def _plan_row(rule: PlanRule) -> tuple[str, ...]:
    considers = f" (consider: {', '.join(rule.considers)})" if rule.considers else ""
    return (
        f"`{rule.code}`",
        " → ".join(rule.recommends) + considers,
        rule.confidence,
        _yes(rule.needs_sign_off),
        rule.source,
        rule.rationale,
    )
