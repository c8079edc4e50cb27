"""Plain-text renderings for the terminal: an assessment a clinician reads at a glance,
and the explanation of one score's table.

Both work from the public dictionaries (``Assessment.to_dict()`` and the table objects) so
the text says exactly what the JSON says.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

from spinepath.clinical.catalogue import PRIMARY_SITES
from spinepath.clinical.logic import AnyOf, Condition, OpenWhen
from spinepath.clinical.scores import POINT_TABLES, SCORE_KEYS
from spinepath.clinical.scores.bilsky import BILSKY
from spinepath.clinical.scores.scales import SCALES
from spinepath.clinical.scores.sins import SINS

__all__ = ["EXPLAINABLE", "render_assessment", "render_explanation"]

WIDTH = 88
EXPLAINABLE = SCORE_KEYS


def _wrap(text: str, indent: str = "  ", hang: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=hang if hang is not None else indent + "  ",
        break_on_hyphens=False,
    )


def _heading(title: str) -> list[str]:
    return ["", title.upper(), "-" * len(title)]


def render_assessment(data: Mapping[str, Any]) -> str:
    lines = [f"spinepath assessment — case {data.get('case_id') or '(no id)'}"]
    lines.append(f"engine {data['engine_version']} · decision support: the MDT decides")
    lines.append(
        "Deadlines: [now] immediately; [≤ N h] from the suspected diagnosis unless stated."
    )
    lines += _triage_lines(data["triage"])
    lines += _score_lines(data["scores"])
    lines += _plan_lines(data["plan"])
    lines += _tumour_lines(data["tumour"])
    if data["warnings"]:
        lines += _heading("Warnings and caveats")
        for warning in data["warnings"]:
            lines += _wrap(f"{warning['text']} [{warning['code']}]", "  ! ", "    ")
    return "\n".join(lines) + "\n"


def _triage_lines(triage: Mapping[str, Any]) -> list[str]:
    lines = _heading("Triage")
    if triage["status"] == "incomplete":
        possible = " / ".join(c.upper() for c in triage["possible_categories"])
        lines.append(f"  INCOMPLETE: could be {possible}")
        lines += _wrap("Record: " + ", ".join(triage["missing"]))
        most_urgent = triage["most_urgent_possible"].upper()
        lines += _wrap(f"Until then, act as {most_urgent} (the most urgent possibility).")
    else:
        lines.append(f"  {triage['category'].upper()}: {triage['label']}")
    if triage["signs"]:
        lines += _wrap("Recorded signs: " + "; ".join(s["label"] for s in triage["signs"]))
    if triage["rules_fired"]:
        lines.append("  Rules fired: " + ", ".join(triage["rules_fired"]))
    clinician = [a for a in triage["actions"] if a["audience"] == "clinician"]
    patient = [a for a in triage["actions"] if a["audience"] == "patient"]
    if clinician:
        lines.append("  Do now:")
        for action in clinician:
            until = (
                f" [provisional: shown while {' and '.join(action['until'])} is not recorded]"
                if action["until"]
                else ""
            )
            text = f"{_deadline(action):<9} {action['text']}{until}"
            lines += _wrap(text, "   ", "             ")
            for note in action["notes"]:
                if note["code"] != "NT-UNTIL-01":
                    lines += _wrap(note["text"], "             note: ", "                   ")
    if patient:
        lines.append("  Safety-net advice for the patient:")
        for action in patient:
            lines += _wrap(action["text"], "   - ", "     ")
    return lines


def _deadline(action: Mapping[str, Any]) -> str:
    """A short due marker: [now], [≤ 24 h], [≤ 1 wk] (counted from the action's anchor)."""
    hours = action["deadline_hours"]
    if hours is None:
        return "[-]"
    if hours == 0:
        return "[now]"
    return "[≤ 1 wk]" if hours == 168 else f"[≤ {hours} h]"


def _score_lines(scores: Mapping[str, Any]) -> list[str]:
    lines = _heading("Scores")
    for key in SCORE_KEYS:
        score = scores[key]
        lines.append(_score_headline(key, score))
        for component in score.get("components", []):
            lines.append(_component_line(component))
        if key == "sins" and len(score.get("lesions", [])) > 1:
            for lesion in score["lesions"]:
                value = (
                    lesion["total"]
                    if lesion["status"] == "complete"
                    else (f"{lesion['min']}–{lesion['max']} (incomplete)")
                )
                lines.append(f"      lesion {lesion['level']}: {value}")
        if score["status"] == "incomplete" and score.get("missing") and score["kind"] == "points":
            lines += _wrap("record: " + ", ".join(score["missing"]), "      ", "        ")
    return lines


def _score_headline(key: str, score: Mapping[str, Any]) -> str:
    name = f"  {key:<18}"
    flag = "  [needs sign-off]" if score.get("needs_sign_off") else ""
    status = score["status"]
    if score["kind"] == "grade":
        if status == "complete":
            group = f", {score['group']} grade" if score.get("group") else ""
            where = f" at {score['lesion']}" if score.get("lesion") else ""
            return f"{name}{score['grade']}{group}{where}{flag}"
        possible = ", ".join(str(g) for g in score.get("possible_grades", []))
        return f"{name}not recorded (possible: {possible}){flag}"
    if status == "not_applicable":
        return f"{name}not applicable: {score.get('reason')}{flag}"
    if status == "complete":
        where = f" at {score['lesion']}" if score.get("lesion") else ""
        return f"{name}{score['total']}{where} → {score['band']['label']}{flag}"
    bands = " or ".join(b["label"] for b in score.get("reachable_bands", []))
    return f"{name}INCOMPLETE {score['min']}–{score['max']} → {bands}{flag}"


def _component_line(component: Mapping[str, Any]) -> str:
    label = component["label"]
    if component["points"] is None:
        possible = "/".join(str(p) for p in component.get("possible_points", []))
        return f"      {label:<48} ?  (not recorded; {possible})"
    return f"      {label:<48} {component['points']:>2}  {component['answer_label']}"


def _plan_lines(plan: Mapping[str, Any]) -> list[str]:
    lines = _heading("Proposed plan (suggestions for the MDT)")
    noms = plan["noms"]
    if noms["status"] == "complete":
        lines.append(f"  NOMS ({noms['rule']}): " + " → ".join(noms["recommends"]))
    elif noms["status"] == "branched":
        lines.append("  NOMS depends on a judgement still to be made:")
        for branch in noms["branches"]:
            when = "; ".join(branch["when"])
            lines += _wrap(
                f"{when}: ({branch['rule']}) " + " → ".join(branch["recommends"]),
                "    - ",
                "      ",
            )
    elif noms["status"] == "incomplete":
        options = " | ".join(" → ".join(p) for p in noms["possible"])
        lines.append(f"  NOMS incomplete: possible {options}")
        lines += _wrap("record: " + ", ".join(noms["missing"]), "    ", "      ")
    else:
        lines += _wrap(f"NOMS not applicable: {noms['reason']}")
    domains = noms["domains"]
    for letter, key in (
        ("N", "neurologic"),
        ("O", "oncologic"),
        ("M", "mechanical"),
        ("S", "systemic"),
    ):
        lines.append(f"    {letter}  {domains.get(key) or 'not known'}")
    for number, rec in enumerate(plan["recommendations"], 1):
        flag = " [needs sign-off]" if rec["needs_sign_off"] else ""
        lines.append(f"  {number:>2}. {rec['label']} ({', '.join(rec['rules'])}){flag}")
        for when in rec["when"]:
            lines += _wrap(f"only {when}", "      ", "      ")
        lines += _wrap(rec["text"], "      ", "      ")
        for note in rec["notes"]:
            lines += _wrap(f"{note['text']} [{note['code']}]", "      note: ", "            ")
    for excluded in plan["excluded"]:
        lines += _wrap(f"{excluded['reason']} [{excluded['rule']}]", "   ✗  ", "      ")
    if plan["conflicts"]:
        lines.append("  Conflicts (shown, not resolved: the MDT decides):")
        for conflict in plan["conflicts"]:
            lines += _wrap(f"{conflict['text']} [{conflict['code']}]", "   ≠ ", "     ")
    for caveat in plan["caveats"]:
        lines += _wrap(f"{caveat['text']} [{caveat['code']}]", "  * ", "    ")
    return lines


def _tumour_lines(tumour: Mapping[str, Any]) -> list[str]:
    lines = _heading("Tumour")
    parts = [
        ("primary", tumour.get("primary_site_label")),
        ("histology", tumour.get("histology_label")),
        ("behaviour", tumour.get("behaviour")),
        ("origin", tumour.get("origin")),
        ("compartments", ", ".join(tumour.get("compartments") or []) or None),
        ("radiosensitivity (cEBRT)", tumour.get("radiosensitivity")),
        ("typical appearance (hint only)", tumour.get("typical_appearance")),
    ]
    for label, value in parts:
        lines.append(f"  {label:<32} {value or 'not known'}")
    return lines


def render_explanation(key: str) -> str:
    """The table, bands, caveats and source of one score."""
    tables = {t.key: t for t in (SINS, *POINT_TABLES)}
    if key in tables:
        table = tables[key]
        lines = [f"{table.name} ({key}) · version {table.version} · spec {table.spec_section}"]
        lines += _wrap(f"Source: {table.source}", "", "  ")
        lines.append(f"Confidence: [{table.confidence}]" + _sign_off(table.needs_sign_off))
        direction = "higher is better" if table.higher_is_better else "lower is better"
        lines.append(f"Range {table.low}–{table.high}; {direction}.")
        for criterion in table.criteria:
            lines += ["", f"  {criterion.label} ({criterion.code})"]
            for option in criterion.options:
                lines.append(f"    {option.points:>2}  {option.label}")
                lines += _wrap(f"when {_describe(option.when)}", "          ", "            ")
            if criterion.primary_site_mapping:
                lines += _placement_lines(criterion.primary_site_mapping)
        lines += ["", "Bands:"]
        for band in table.bands:
            lines.append(f"  {band.low:>2}–{band.high:<2} {band.code}: {band.label}")
            lines += _wrap(band.meaning, "         ", "         ")
        return "\n".join(lines + _caveat_lines(table.caveats)) + "\n"
    if key == BILSKY.key:
        lines = [f"{BILSKY.name} ({key}) · version {BILSKY.version} · spec {BILSKY.spec_section}"]
        lines.append(f"Source: {BILSKY.source}")
        lines.append("An ordered grade, not a total: 0 < 1a < 1b < 1c < 2 < 3.")
        for grade in BILSKY.grades.values():
            lines.append(f"  {grade.code:<3} {grade.group:<5} {grade.label}")
            if grade.note:
                lines += _wrap(grade.note, "            ", "            ")
        return "\n".join(lines + _caveat_lines(BILSKY.caveats)) + "\n"
    scale = next(s for s in SCALES if s.key == key)
    lines = [f"{scale.name} ({key}) · spec {scale.spec_section}", f"Source: {scale.source}"]
    for value, text in scale.grades.items():
        lines += _wrap(f"{value:>4}  {text}", "  ", "        ")
    return "\n".join(lines + _caveat_lines(scale.caveats)) + "\n"


def _describe(condition: Condition) -> str:
    """An option's condition, leaving out the 'open for unplaced sites' part (listed apart)."""
    if isinstance(condition, AnyOf) and isinstance(condition.parts[-1], OpenWhen):
        return " or ".join(part.describe() for part in condition.parts[:-1])
    return condition.describe()


def _placement_lines(mapping: str) -> list[str]:
    local = [s.code for s in PRIMARY_SITES.values() if not s.placements[mapping].named]
    placed = [c for c in local if PRIMARY_SITES[c].placements[mapping].group is not None]
    unplaced = [c for c in local if PRIMARY_SITES[c].placements[mapping].group is None]
    lines = []
    if placed:
        text = "Placed locally (not named by the source; needs clinical sign-off): "
        lines += _wrap(text + ", ".join(placed), "    ", "      ")
    if unplaced:
        text = "Not placed (the item stays open, every option possible): "
        lines += _wrap(text + ", ".join(unplaced), "    ", "      ")
    return lines


def _sign_off(needed: bool) -> str:
    return " — needs clinical sign-off" if needed else ""


def _caveat_lines(caveats: Iterable[tuple[str, str]]) -> list[str]:
    lines = ["", "Caveats:"]
    for code, text in caveats:
        lines += _wrap(f"{text} [{code}]", "  * ", "    ")
    return lines
