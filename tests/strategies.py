"""Hypothesis strategies shared by the test suite (one module: extend, don't fork).

Cases are built as plain dicts in the public case format (shared/spec/case-format.md §1),
so a strategy exercises validation as well as scoring. The vocabularies are typed in from
the case format, not imported from the engine.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from spinepath.clinical.catalogue import HISTOLOGIES

# --- case-format §1, §3, §4 ------------------------------------------------------------------

CANCER_HISTORY = ("known", "suspected", "none")
PRIMARY_SITES = (
    "breast",
    "prostate",
    "thyroid",
    "carcinoid",
    "kidney",
    "uterus",
    "rectum",
    "colon",
    "lung",
    "lung_small_cell",
    "stomach",
    "oesophagus",
    "pancreas",
    "bladder",
    "liver",
    "gallbladder",
    "osteosarcoma",
    "melanoma",
    "myeloma",
    "lymphoma",
    "sarcoma",
    "unknown",
    "other",
)
VISCERAL = ("none", "removable", "unremovable")
GRADES_A_TO_E = ("A", "B", "C", "D", "E")
AMBULATORY = ("independent", "assisted", "non_ambulatory")
LEVELS = (
    "C0",
    *(f"C{i}" for i in range(1, 8)),
    *(f"T{i}" for i in range(1, 13)),
    *(f"L{i}" for i in range(1, 6)),
    *(f"S{i}" for i in range(1, 6)),
)
COMPARTMENTS = ("extradural", "intradural_extramedullary", "intramedullary")
LESION_CODES: dict[str, tuple[str, ...]] = {
    "pain": ("mechanical", "occasional", "none"),
    "bone_lesion": ("lytic", "mixed", "blastic"),
    "alignment": ("subluxation", "deformity", "normal"),
    "collapse": ("over_50", "under_50", "body_involved", "none"),
    "posterolateral": ("bilateral", "unilateral", "none"),
}
BILSKY = ("0", "1a", "1b", "1c", "2", "3")
INSTABILITY_JUDGEMENT = ("stable", "unstable")
PAIN_SYMPTOMS = (
    "thoracic_or_cervical_pain",
    "progressive_lumbar_pain",
    "severe_unremitting_lumbar_pain",
    "pain_worse_on_straining",
    "localised_spinal_tenderness",
    "nocturnal_pain_preventing_sleep",
    "pain_worse_lying_down",
    "pain_not_relieved_by_simple_analgesia",
    "pain_increasing_over_weeks",
    "mechanical_pain",
    "claudication",  # NG234's list (clinical-content §15.10)
)
NEURO_SYMPTOMS = (
    "radicular_pain",
    "limb_weakness",
    "difficulty_walking",
    "sensory_loss",
    "bladder_or_bowel_dysfunction",
    "signs_of_cord_or_cauda_equina_compression",
)
CONSTITUTIONAL_SYMPTOMS = ("fatigue", "weight_loss", "poor_appetite")
SYMPTOMS = PAIN_SYMPTOMS + NEURO_SYMPTOMS + CONSTITUTIONAL_SYMPTOMS

# --- values ----------------------------------------------------------------------------------

kps_values = st.sampled_from(tuple(range(0, 101, 10)))
albumin_values = st.one_of(
    st.sampled_from((34.9, 35.0, 35.1)),
    st.floats(min_value=10, max_value=60, allow_nan=False).map(lambda x: round(x, 1)),
)
symptom_lists = st.lists(st.sampled_from(SYMPTOMS), unique=True, max_size=5)

# Values to fill a missing answer with, every possible way (for completion properties).
# Counts and albumin are sampled at the cut-offs the scores use.
COMPLETION_VALUES: dict[str, tuple[Any, ...]] = {
    "kps": tuple(range(10, 101, 10)),
    "extraspinal_bone_metastases": (0, 1, 2, 3, 4),
    "vertebral_metastases": (1, 2, 3, 4),
    "visceral_metastases": VISCERAL,
    "primary_site": PRIMARY_SITES,
    "frankel": GRADES_A_TO_E,
    "pathological_fracture": (False, True),
    "ambulatory": AMBULATORY,
    "albumin_g_per_l": (20.0, 34.9, 35.0, 45.0),
}
SCORING_FACTS = tuple(COMPLETION_VALUES)
"""Every case-level fact a point table reads."""

_SCORING_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "kps": kps_values,
    "extraspinal_bone_metastases": st.integers(0, 8),
    "vertebral_metastases": st.integers(1, 8),
    "visceral_metastases": st.sampled_from(VISCERAL),
    "primary_site": st.sampled_from(PRIMARY_SITES),
    "frankel": st.sampled_from(GRADES_A_TO_E),
    "pathological_fracture": st.booleans(),
    "ambulatory": st.sampled_from(AMBULATORY),
    "albumin_g_per_l": albumin_values,
}
_OTHER_CASE_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "case_id": st.text(max_size=20),
    "age": st.integers(0, 125),
    "cancer_history": st.sampled_from(CANCER_HISTORY),
    "histology": st.sampled_from(tuple(HISTOLOGIES)),
    "instability_judgement": st.sampled_from(INSTABILITY_JUDGEMENT),
    "ecog": st.integers(0, 5),
    "asia": st.sampled_from(GRADES_A_TO_E),
    "fit_for_surgery": st.booleans(),
    "myelopathy": st.booleans(),
    "months_since_primary_diagnosis": st.floats(0, 240, allow_nan=False),
    "motor_deficit_days": st.integers(0, 90),
    "symptoms": symptom_lists,
}

# --- lesions ---------------------------------------------------------------------------------

_SINS_ITEM_STRATEGIES = {item: st.sampled_from(codes) for item, codes in LESION_CODES.items()}


def lesion_dicts(*, complete: bool = False, level: bool = True) -> st.SearchStrategy[dict]:
    """One lesion; with ``complete`` every SINS item is recorded, else any subset."""
    items: dict[str, st.SearchStrategy[Any]] = dict(_SINS_ITEM_STRATEGIES)
    if level:
        items["level"] = st.sampled_from(LEVELS)
    extras = {"compartment": st.sampled_from(COMPARTMENTS), "bilsky": st.sampled_from(BILSKY)}
    if complete:
        return st.fixed_dictionaries(items, optional=extras)
    return st.fixed_dictionaries({}, optional={**items, **extras})


def lesion_lists(*, complete: bool = False, max_size: int = 3) -> st.SearchStrategy[list]:
    """Lesions at distinct levels (a case records one lesion per level)."""
    return st.lists(
        lesion_dicts(complete=complete),
        max_size=max_size,
        unique_by=lambda lesion: lesion.get("level", object()),
    )


# --- cases -----------------------------------------------------------------------------------


def case_dicts(*, max_lesions: int = 3) -> st.SearchStrategy[dict]:
    """A valid case with any subset of its fields recorded."""
    return st.fixed_dictionaries(
        {},
        optional={
            **_SCORING_STRATEGIES,
            **_OTHER_CASE_STRATEGIES,
            "lesions": lesion_lists(max_size=max_lesions),
        },
    )


def complete_scoring_cases() -> st.SearchStrategy[dict]:
    """A valid case with every fact a case-level point table reads recorded."""
    return st.fixed_dictionaries(
        {**_SCORING_STRATEGIES, "kps": st.sampled_from(tuple(range(20, 101, 10)))},
        optional=_OTHER_CASE_STRATEGIES,
    )


def planning_cases() -> st.SearchStrategy[dict]:
    """A case that usually reaches the NOMS table: known cancer, a primary site, myelopathy
    and one to three fully described lesions, with fitness, the surgeon's judgement, the
    histology and the rest of the case optional."""
    lesion = st.fixed_dictionaries(
        {
            **_SINS_ITEM_STRATEGIES,
            "level": st.sampled_from(LEVELS),
            "bilsky": st.sampled_from(BILSKY),
        },
        optional={"compartment": st.sampled_from(COMPARTMENTS)},
    )
    required: dict[str, st.SearchStrategy[Any]] = {
        "cancer_history": st.just("known"),
        "primary_site": st.sampled_from(PRIMARY_SITES),
        "myelopathy": st.booleans(),
        "lesions": st.lists(
            lesion, min_size=1, max_size=3, unique_by=lambda lesion: lesion["level"]
        ),
    }
    optional = {**_SCORING_STRATEGIES, **_OTHER_CASE_STRATEGIES}
    return st.fixed_dictionaries(
        required, optional={k: v for k, v in optional.items() if k not in required}
    )


# --- batch rows (spinepath batch, case-format §5) ------------------------------------------
# A row is a case with at most one lesion, flattened. Some rows carry invalid values of the
# kinds a registry export has: impossible numbers, unknown codes, wrong types. Values are
# kept typed (as parse_case sees them); tests write them out as text cells.

_INVALID_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "kps": st.sampled_from((65, 110, -10, 60.0, "sixty", True)),
    "ecog": st.sampled_from((6, -1, 2.5)),
    "age": st.sampled_from((126, -1)),
    "vertebral_metastases": st.sampled_from((0, -2)),
    "extraspinal_bone_metastases": st.sampled_from((-1, 1.5)),
    "albumin_g_per_l": st.sampled_from((3.5, 4.9, 100.5, "low")),
    "months_since_primary_diagnosis": st.sampled_from((-0.5,)),
    "primary_site": st.sampled_from(("spleen", "Breast", "lung ")),
    "cancer_history": st.sampled_from(("yes", "unknown")),
    "pathological_fracture": st.sampled_from(("yes", "no", "TRUE")),
    "frankel": st.sampled_from(("F", "a")),
    "instability_judgement": st.sampled_from(("maybe", "Unstable", "indeterminate")),
    # Not [""]: one empty item is written as an empty cell, which reads as "no symptoms".
    "symptoms": st.lists(st.sampled_from((*SYMPTOMS[:3], "back_pain")), min_size=1).filter(
        lambda s: "back_pain" in s
    ),
    "case_id": st.just("x" * 201),
    "level": st.sampled_from(("Co1", "L6", "T13", "c5")),
    "bilsky": st.sampled_from(("1d", "4", "2a")),
    "collapse": st.sampled_from(("total",)),
}


def batch_row_dicts(*, invalid: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    """A flat batch row: a case with at most one lesion; with ``invalid``, sometimes broken."""

    def flatten(case: dict[str, Any]) -> dict[str, Any]:
        row = {k: v for k, v in case.items() if k != "lesions"}
        for lesion in case.get("lesions", []):
            row.update(lesion)
        return row

    rows = case_dicts(max_lesions=1).map(flatten)
    if not invalid:
        return rows

    @st.composite
    def broken(draw: st.DrawFn) -> dict[str, Any]:
        row = draw(rows)
        fields = draw(st.lists(st.sampled_from(sorted(_INVALID_VALUES)), min_size=1, max_size=3))
        for name in fields:
            row[name] = draw(_INVALID_VALUES[name])
        return row

    return st.one_of(rows, rows, rows, broken())


def case_from_batch_row(row: dict[str, Any]) -> dict[str, Any]:
    """The case a batch row stands for: the lesion fields nested as its one lesion."""
    lesion_fields = ("level", "compartment", *LESION_CODES, "bilsky")
    case = {k: v for k, v in row.items() if k not in lesion_fields}
    lesion = {k: row[k] for k in lesion_fields if k in row}
    if lesion:
        case["lesions"] = [lesion]
    return case


# --- `spinepath batch` arguments: where the input is and where the output would go -----------

BATCH_OUTPUTS = (
    "fresh",  # out.EXT, a new file
    "existing",  # prev.EXT, an existing file the user names
    "same",  # the input's own path
    "dotdot",  # o/../INPUT, with o a directory
    "dotdot_missing",  # o/../INPUT, with no o
    "symlink",  # link.EXT -> the input
    "hardlink",  # hard.EXT, a hard link to the input
    "rejects_is_input",  # the output whose rejects file is the input
    "missing_dir",  # missing/out.EXT
    "directory",  # d.EXT, a directory
    "fifo",  # f.EXT, a named pipe
    "link_to_own_rejects",  # out.EXT -> out.rejects.EXT
    "dangling_link",  # dangling.EXT -> missing/x.EXT
    "other_case",  # the input's name in upper case (another file on Linux)
)


@st.composite
def batch_run_layouts(draw: st.DrawFn) -> dict[str, Any]:
    """A directory layout and `spinepath batch` arguments, described as data (the test
    builds the files): the input's format and name, the output's form and extension,
    what lies where the rejects file would go, and --force."""
    output = draw(st.sampled_from(BATCH_OUTPUTS))
    input_format = draw(st.sampled_from(("csv", "parquet")))
    same_format = output in ("same", "dotdot", "dotdot_missing", "symlink", "hardlink")
    return {
        "input_format": input_format,
        "input_stem": "cohort.rejects" if output == "rejects_is_input" else "cohort",
        "output": output,
        "output_ext": input_format
        if same_format or output == "rejects_is_input"
        else draw(st.sampled_from(("csv", "parquet", "ndjson"))),
        "rejects": draw(st.sampled_from(("none", "empty", "spinepath", "foreign"))),
        "invalid_row": draw(st.booleans()),
        "force": draw(st.booleans()),
    }
