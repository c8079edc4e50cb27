"""The clinical specification's tables, typed in again by hand as plain data.

Everything here is copied from shared/spec/clinical-content.md and case-format.md (section
numbers in the comments), never imported from the engine, so the tests compare the engine
with an independent reading of the spec. ``spec_total`` scores a complete set of facts
with these tables; it returns None when a fact the score needs is missing or when the spec
does not place the primary site in that score.
"""

from __future__ import annotations

from collections.abc import Mapping

# --- case-format §3: primary-site codes, in order -----------------------------------------

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
LUNG_SITES = frozenset({"lung", "lung_small_cell"})

# --- case-format §1 histology, clinical-content §10.1 / §15.7 / §15.14 ------------------------

# The metastasis prognosis scores are not applicable to a benign or primary tumour (§15.7);
# myeloma/plasmacytoma and lymphoma are primary but stay in (Bauer names them).
HISTOLOGIES_METASTATIC = frozenset({"metastasis", "leptomeningeal_metastasis"})
HISTOLOGIES_HAEMATOLOGICAL = frozenset({"myeloma_plasmacytoma", "lymphoma"})
HISTOLOGIES_BENIGN_OR_PRIMARY = frozenset(
    {
        # §10.1 primary benign bone tumours
        "osteoid_osteoma",
        "osteoblastoma",
        "enchondroma",
        "osteochondroma",
        "haemangioma",
        "aneurysmal_bone_cyst",
        "giant_cell_tumour",
        "eosinophilic_granuloma",
        # §10.1 primary malignant bone tumours
        "chordoma",
        "chondrosarcoma",
        "osteosarcoma",
        "ewing_sarcoma",
        # §10.1 intradural extramedullary (primary)
        "meningioma",
        "schwannoma",
        "neurofibroma",
        "myxopapillary_ependymoma",
        "mpnst",
        # §10.1 intramedullary
        "ependymoma",
        "astrocytoma",
        "haemangioblastoma",
    }
)
METASTASIS_PROGNOSIS_SCORES = frozenset(
    {
        "tokuhashi_revised",
        "tokuhashi_1990",
        "tomita",
        "bauer_modified",
        "bauer_original",
        "van_der_linden",
        "nesms",
    }
)
# §15.14: Tomita is not applicable to myeloma and lymphoma (site or histology).
TOMITA_NOT_APPLICABLE_SITES = frozenset({"myeloma", "lymphoma"})
# §15.7: SINS and Bilsky describe bony and epidural disease.
INTRADURAL_COMPARTMENTS = frozenset({"intradural_extramedullary", "intramedullary"})


def spec_applies(key: str, f: Mapping[str, object]) -> bool:
    """Whether case-level score ``key`` applies to these facts (§15.7, §15.14). A missing
    histology or site does not make a score inapplicable (it stays incomplete instead)."""
    histology, site = f.get("histology"), f.get("primary_site")
    if key in METASTASIS_PROGNOSIS_SCORES and histology in HISTOLOGIES_BENIGN_OR_PRIMARY:
        return False
    haematological = site in TOMITA_NOT_APPLICABLE_SITES or histology in HISTOLOGIES_HAEMATOLOGICAL
    return not (key == "tomita" and haematological)


def lesion_applies(lesion: Mapping[str, object]) -> bool:
    """SINS and Bilsky apply to a lesion unless it is intradural or intramedullary (§15.7)."""
    return lesion.get("compartment") not in INTRADURAL_COMPARTMENTS


# --- §1 SINS -------------------------------------------------------------------------------

SINS_LOCATION_POINTS = {"junctional": 3, "mobile": 2, "semi_rigid": 1, "rigid": 0}
# §1.2, level by level.
SINS_LEVEL_LOCATION = {
    "C0": "junctional",
    "C1": "junctional",
    "C2": "junctional",
    "C3": "mobile",
    "C4": "mobile",
    "C5": "mobile",
    "C6": "mobile",
    "C7": "junctional",
    "T1": "junctional",
    "T2": "junctional",
    "T3": "semi_rigid",
    "T4": "semi_rigid",
    "T5": "semi_rigid",
    "T6": "semi_rigid",
    "T7": "semi_rigid",
    "T8": "semi_rigid",
    "T9": "semi_rigid",
    "T10": "semi_rigid",
    "T11": "junctional",
    "T12": "junctional",
    "L1": "junctional",
    "L2": "mobile",
    "L3": "mobile",
    "L4": "mobile",
    "L5": "junctional",
    "S1": "junctional",
    "S2": "rigid",
    "S3": "rigid",
    "S4": "rigid",
    "S5": "rigid",
}
SINS_REPRESENTATIVE_LEVEL = {"junctional": "C1", "mobile": "L3", "semi_rigid": "T6", "rigid": "S3"}
SINS_ITEMS = {
    "pain": {"mechanical": 3, "occasional": 1, "none": 0},
    "bone_lesion": {"lytic": 2, "mixed": 1, "blastic": 0},
    "alignment": {"subluxation": 4, "deformity": 2, "normal": 0},
    "collapse": {"over_50": 3, "under_50": 2, "body_involved": 1, "none": 0},
    "posterolateral": {"bilateral": 3, "unilateral": 1, "none": 0},
}

# --- §2.1 revised Tokuhashi, §2.2 original ----------------------------------------------------

TOKUHASHI_2005_PRIMARY = {
    **dict.fromkeys(
        ("lung", "lung_small_cell", "osteosarcoma", "stomach", "bladder", "oesophagus", "pancreas"),
        0,
    ),
    **dict.fromkeys(("liver", "gallbladder", "unknown"), 1),
    "other": 2,
    # "Others": T8 scores melanoma as others; §2.1 recommends colon -> others (sign-off).
    **dict.fromkeys(("melanoma", "colon", "myeloma", "lymphoma", "sarcoma"), 2),
    **dict.fromkeys(("kidney", "uterus"), 3),
    "rectum": 4,
    **dict.fromkeys(("thyroid", "breast", "prostate", "carcinoid"), 5),
}
TOKUHASHI_2005_NAMED = frozenset(TOKUHASHI_2005_PRIMARY) - {
    "melanoma",
    "colon",
    "myeloma",
    "lymphoma",
    "sarcoma",
}
TOKUHASHI_1990_PRIMARY = {
    **dict.fromkeys(("lung", "lung_small_cell", "stomach"), 0),
    **dict.fromkeys(("kidney", "liver", "uterus", "other", "unknown"), 1),
    **dict.fromkeys(("thyroid", "prostate", "breast", "rectum"), 2),
}
TOKUHASHI_1990_NAMED = frozenset(TOKUHASHI_1990_PRIMARY)
# "other": every site the 1990 table does not name scores as other (1).
for _site in PRIMARY_SITES:
    TOKUHASHI_1990_PRIMARY.setdefault(_site, 1)
assert set(TOKUHASHI_2005_PRIMARY) == set(PRIMARY_SITES)


def tokuhashi_kps(kps: int) -> int | None:
    if 10 <= kps <= 40:
        return 0
    if 50 <= kps <= 70:
        return 1
    if 80 <= kps <= 100:
        return 2
    return None


def tokuhashi_extraspinal(count: int) -> int:
    return 0 if count >= 3 else 1 if count >= 1 else 2


def tokuhashi_vertebral(count: int) -> int:
    return 0 if count >= 3 else 1 if count == 2 else 2


TOKUHASHI_VISCERAL = {"unremovable": 0, "removable": 1, "none": 2}
TOKUHASHI_PALSY = {"A": 0, "B": 0, "C": 1, "D": 1, "E": 2}

# --- §3 Tomita -----------------------------------------------------------------------------

TOMITA_GROWTH = {
    **dict.fromkeys(("breast", "thyroid", "prostate"), 1),
    **dict.fromkeys(("kidney", "uterus"), 2),
    **dict.fromkeys(("lung", "lung_small_cell", "liver", "stomach", "colon", "unknown"), 4),
}
TOMITA_VISCERAL = {"none": 0, "removable": 2, "unremovable": 4}

# --- §6.1 Bauer, §6.5 van der Linden, §6.3 NESMS -------------------------------------------------

BAUER_FAVOURABLE = frozenset({"breast", "kidney", "lymphoma", "myeloma"})
VDL_PRIMARY = {"breast": 3, "prostate": 2, "lung": 1, "lung_small_cell": 1}


def vdl_kps(kps: int) -> int | None:
    if 80 <= kps <= 100:
        return 2
    if 50 <= kps <= 70:
        return 1
    if 20 <= kps <= 40:
        return 0
    return None


# --- bands (case-format §2, clinical-content §1.3, §2, §3, §6) ---------------------------------

BANDS: dict[str, tuple[tuple[int, int, str], ...]] = {
    "sins": ((0, 6, "stable"), (7, 12, "potentially_unstable"), (13, 18, "unstable")),
    "tokuhashi_revised": ((0, 8, "lt_6_months"), (9, 11, "ge_6_months"), (12, 15, "ge_12_months")),
    "tokuhashi_1990": ((0, 5, "poor"), (6, 8, "intermediate"), (9, 12, "good")),
    "tomita": (
        (2, 3, "long_term_control"),
        (4, 5, "middle_term_control"),
        (6, 7, "short_term_palliation"),
        (8, 10, "terminal_care"),
    ),
    "bauer_modified": ((0, 1, "poor"), (2, 2, "intermediate"), (3, 4, "good")),
    "bauer_original": ((0, 1, "poor"), (2, 3, "intermediate"), (4, 5, "good")),
    "van_der_linden": ((0, 3, "group_a"), (4, 5, "group_b"), (6, 6, "group_c")),
    "nesms": tuple((n, n, f"nesms_{n}") for n in range(4)),
}
# §15.6: NESMS = min(3, 2·[mBauer ≥ 3] + [independent] + [albumin ≥ 35 g/L]).
CAPS: dict[str, int] = {"nesms": 3}


def capped(key: str, total: int) -> int:
    return min(CAPS[key], total) if key in CAPS else total


RANGES = {key: (bands[0][0], bands[-1][1]) for key, bands in BANDS.items()}
CASE_TABLES = tuple(key for key in BANDS if key != "sins")


def band(key: str, total: int) -> str:
    matches = [code for low, high, code in BANDS[key] if low <= total <= high]
    assert len(matches) == 1, (key, total, matches)
    return matches[0]


def bands_between(key: str, low: int, high: int) -> set[str]:
    """The band codes a total in low..high could fall in."""
    return {code for b_low, b_high, code in BANDS[key] if b_low <= high and low <= b_high}


# --- the spec as a scorer -------------------------------------------------------------------


def sins_total(lesion: Mapping[str, object]) -> int | None:
    """The lesion's SINS from §1 (whatever its compartment: see ``lesion_applies``)."""
    level = lesion.get("level")
    if level not in SINS_LEVEL_LOCATION:
        return None
    total = SINS_LOCATION_POINTS[SINS_LEVEL_LOCATION[str(level)]]
    for item, points in SINS_ITEMS.items():
        answer = lesion.get(item)
        if answer is None:
            return None
        total += points[str(answer)]
    return total


def _solitary(f: Mapping[str, object]) -> bool | None:
    """One skeletal metastasis in all; "multiple" is known as soon as either count exceeds it."""
    vertebral, extraspinal = f.get("vertebral_metastases"), f.get("extraspinal_bone_metastases")
    if (vertebral is not None and vertebral > 1) or (extraspinal is not None and extraspinal > 0):  # type: ignore[operator]
        return False
    if vertebral is None or extraspinal is None:
        return None
    return True


def _mbauer(f: Mapping[str, object]) -> int | None:
    site, visceral, solitary = f.get("primary_site"), f.get("visceral_metastases"), _solitary(f)
    if site is None or visceral is None or solitary is None:
        return None
    return (
        (visceral == "none")
        + (site not in LUNG_SITES)
        + (site in BAUER_FAVOURABLE)
        + bool(solitary)
    )


def spec_total(key: str, f: Mapping[str, object]) -> int | None:
    """The spec's total for case-level score ``key`` from complete facts, else None.

    Ignores applicability: see ``spec_applies``."""
    get = f.get
    if key in ("tokuhashi_revised", "tokuhashi_1990"):
        facts = [get(n) for n in ("kps", "extraspinal_bone_metastases", "vertebral_metastases")]
        facts += [get("visceral_metastases"), get("primary_site"), get("frankel")]
        if any(v is None for v in facts):
            return None
        kps, extra, vert, visceral, site, frankel = facts
        general = tokuhashi_kps(int(kps))  # type: ignore[call-overload]
        if general is None:
            return None
        table = TOKUHASHI_2005_PRIMARY if key == "tokuhashi_revised" else TOKUHASHI_1990_PRIMARY
        return (
            general
            + tokuhashi_extraspinal(int(extra))  # type: ignore[call-overload]
            + tokuhashi_vertebral(int(vert))  # type: ignore[call-overload]
            + TOKUHASHI_VISCERAL[str(visceral)]
            + table[str(site)]
            + TOKUHASHI_PALSY[str(frankel)]
        )
    if key == "tomita":
        site, visceral, solitary = get("primary_site"), get("visceral_metastases"), _solitary(f)
        if site not in TOMITA_GROWTH or visceral is None or solitary is None:
            return None
        return TOMITA_GROWTH[str(site)] + TOMITA_VISCERAL[str(visceral)] + (1 if solitary else 2)
    if key == "bauer_modified":
        return _mbauer(f)
    if key == "bauer_original":
        modified, fracture = _mbauer(f), get("pathological_fracture")
        return None if modified is None or fracture is None else modified + (not fracture)
    if key == "van_der_linden":
        kps, site, visceral = get("kps"), get("primary_site"), get("visceral_metastases")
        if kps is None or site is None or visceral is None:
            return None
        general = vdl_kps(int(kps))  # type: ignore[call-overload]
        if general is None:
            return None
        return general + VDL_PRIMARY.get(str(site), 0) + (visceral == "none")
    if key == "nesms":
        modified, walking, albumin = _mbauer(f), get("ambulatory"), get("albumin_g_per_l")
        if modified is None or walking is None or albumin is None:
            return None
        # §15.6 (supersedes §6.3's "disputed" note): weights 2/1/1, capped at 3.
        return capped(
            "nesms",
            2 * (modified >= 3) + (walking == "independent") + (albumin >= 35),  # type: ignore[operator]
        )
    raise KeyError(key)
