"""The clinical catalogue: vertebral levels, primary sites and histologies, as data.

Each primary-site code (case-format §3) has its placement in every score that reads the
primary tumour, its radiosensitivity to conventional external-beam radiotherapy and its
typical bone-lesion appearance. A placement is either *named* (the published table names
the site, or says "others"/"unidentified" in so many words) or *local* (the published table
does not name the site; the placement is ours and needs clinical sign-off, and any
assessment that uses it says so). ``None`` means no placement at all: the item stays open.

References are to sections of shared/spec/clinical-content.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from spinepath.clinical.vocab import VERTEBRAL_LEVELS

__all__ = [
    "CATALOGUE_VERSION",
    "EN_BLOC_BONE_TUMOURS",
    "HAEMATOLOGICAL_HISTOLOGIES",
    "HAEMATOLOGICAL_SITES",
    "HISTOLOGIES",
    "IMAGING_TYPICAL_BENIGN",
    "INTRADURAL_RESECTABLE",
    "LEVEL_LOCATION",
    "MAPPINGS",
    "PRIMARY_SITES",
    "Histology",
    "Mapping",
    "Placement",
    "PrimarySite",
    "placement",
    "sites_placed_in",
]

CATALOGUE_VERSION: Final = "2026.12"

# --- Vertebral levels -> SINS location class (§1.2, [2+]) -------------------------------

_LOCATION_BY_LEVEL = {
    **dict.fromkeys(("C0", "C1", "C2"), "junctional"),
    **dict.fromkeys(("C3", "C4", "C5", "C6"), "mobile"),
    **dict.fromkeys(("C7", "T1", "T2"), "junctional"),
    **dict.fromkeys(tuple(f"T{i}" for i in range(3, 11)), "semi_rigid"),
    **dict.fromkeys(("T11", "T12", "L1"), "junctional"),
    **dict.fromkeys(("L2", "L3", "L4"), "mobile"),
    **dict.fromkeys(("L5", "S1"), "junctional"),
    **dict.fromkeys(("S2", "S3", "S4", "S5"), "rigid"),
}
LEVEL_LOCATION: Final = MappingProxyType({lvl: _LOCATION_BY_LEVEL[lvl] for lvl in VERTEBRAL_LEVELS})
"""Every level C0–S5 and its SINS location class; the coccyx is deliberately absent."""


# --- Primary sites ----------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where one primary site falls in one mapping."""

    group: str | None
    named: bool
    """True when the published source names this site (no sign-off needed for the placement)."""


def N(group: str) -> Placement:
    """Named in the published table."""
    return Placement(group, named=True)


def L(group: str | None) -> Placement:
    """Local placement: the published table does not name the site. Needs clinical sign-off."""
    return Placement(group, named=False)


@dataclass(frozen=True)
class PrimarySite:
    code: str
    label: str
    placements: MappingProxyType[str, Placement]


@dataclass(frozen=True)
class Mapping:
    """One way of grouping primary sites, with its provenance."""

    code: str
    label: str
    groups: tuple[str, ...]
    source: str
    spec_section: str


MAPPINGS: Final = MappingProxyType(
    {
        m.code: m
        for m in (
            Mapping(
                "tokuhashi_2005",
                "Revised Tokuhashi (2005) primary-site group",
                ("lung_group", "liver_group", "others", "kidney_uterus", "rectum", "slow_group"),
                "Tokuhashi et al., Spine 2005;30(19):2186–2191; NICE CG75 Appendix 3",
                "§2.1",
            ),
            Mapping(
                "tokuhashi_1990",
                "Original Tokuhashi (1990) primary-site group",
                ("lung_stomach", "intermediate_group", "favourable_group"),
                "Tokuhashi et al., Spine 1990;15(11):1110–1113 (medicalalgorithms.com)",
                "§2.2",
            ),
            Mapping(
                "tomita",
                "Tomita primary-tumour growth",
                ("slow", "moderate", "rapid"),
                "Tomita et al., Spine 2001;26(3):298–306; Adler et al. 2019 Tables 7–8",
                "§3",
            ),
            Mapping(
                "bauer_lung",
                "Bauer: primary is lung cancer",
                ("yes", "no"),
                "Bauer & Wedin 1995; Leithner et al., Eur Spine J 2008 (dss.dign.eu)",
                "§6.1",
            ),
            Mapping(
                "bauer_favourable",
                "Bauer: primary is breast, kidney, lymphoma or myeloma",
                ("yes", "no"),
                "Bauer & Wedin 1995; Leithner et al., Eur Spine J 2008 (dss.dign.eu)",
                "§6.1",
            ),
            Mapping(
                "van_der_linden",
                "van der Linden primary tumour",
                ("breast", "prostate", "lung", "other"),
                "van der Linden et al., Cancer 2005;103(2):320–328 (medicalalgorithms.com)",
                "§6.5",
            ),
            Mapping(
                "radiosensitivity",
                "Radiosensitivity to conventional external-beam radiotherapy (NOMS 'O')",
                ("sensitive", "resistant"),
                "AO Surgery Reference tumour radiosensitivity; scripps.org; news-medical; "
                "NOMS split of spec §15.14 (breast and prostate sensitive, NSCLC resistant)",
                "§10.3, §15.14",
            ),
            Mapping(
                "lesion_appearance",
                "Typical bone-lesion appearance (a hint for SINS, never scored)",
                ("lytic", "mixed", "blastic"),
                "neurosurgerynotes SINS page; radpod.org",
                "§10.2",
            ),
        )
    }
)

_COLUMNS = (
    "tokuhashi_2005",
    "tokuhashi_1990",
    "tomita",
    "bauer_lung",
    "bauer_favourable",
    "van_der_linden",
    "radiosensitivity",
    "lesion_appearance",
)

_O = L(None)  # open: no placement, the item stays incomplete
_Y, _NO = N("yes"), N("no")
# fmt: off
_SITE_ROWS: tuple[tuple[str, str, tuple[Placement, ...]], ...] = (
    # code, label,               tok 2005,            tok 1990,                  tomita,          bauer lung, bauer fav, vdL,            radiosensitivity,    appearance
    ("breast", "Breast",         (N("slow_group"),    N("favourable_group"),    N("slow"),       _NO, _Y,  N("breast"),   L("sensitive"),    N("blastic"))),
    ("prostate", "Prostate",     (N("slow_group"),    N("favourable_group"),    N("slow"),       _NO, _NO, N("prostate"), L("sensitive"),    N("blastic"))),
    ("thyroid", "Thyroid",       (N("slow_group"),    N("favourable_group"),    N("slow"),       _NO, _NO, N("other"),    N("resistant"),    N("lytic"))),
    ("carcinoid", "Carcinoid tumour", (N("slow_group"), L("intermediate_group"), _O,             _NO, _NO, N("other"),    _O,                _O)),
    ("kidney", "Kidney (renal cell)", (N("kidney_uterus"), N("intermediate_group"), N("moderate"), _NO, _Y, N("other"),   N("resistant"),    N("lytic"))),
    ("uterus", "Uterus",         (N("kidney_uterus"), N("intermediate_group"),  N("moderate"),   _NO, _NO, N("other"),    _O,                _O)),
    ("rectum", "Rectum",         (N("rectum"),        N("favourable_group"),    _O,              _NO, _NO, N("other"),    N("resistant"),    _O)),
    ("colon", "Colon",           (L("others"),        L("intermediate_group"),  N("rapid"),      _NO, _NO, N("other"),    N("resistant"),    _O)),
    ("lung", "Lung (non-small-cell)", (N("lung_group"), N("lung_stomach"),      N("rapid"),      _Y,  _NO, N("lung"),     L("resistant"),    N("lytic"))),
    ("lung_small_cell", "Lung (small-cell)", (N("lung_group"), N("lung_stomach"), N("rapid"),    _Y,  _NO, N("lung"),     L("sensitive"),    N("lytic"))),
    ("stomach", "Stomach",       (N("lung_group"),    N("lung_stomach"),        N("rapid"),      _NO, _NO, N("other"),    _O,                _O)),
    ("oesophagus", "Oesophagus", (N("lung_group"),    L("intermediate_group"),  _O,              _NO, _NO, N("other"),    _O,                _O)),
    ("pancreas", "Pancreas",     (N("lung_group"),    L("intermediate_group"),  _O,              _NO, _NO, N("other"),    _O,                _O)),
    ("bladder", "Bladder",       (N("lung_group"),    L("intermediate_group"),  _O,              _NO, _NO, N("other"),    _O,                _O)),
    ("liver", "Liver (hepatocellular)", (N("liver_group"), N("intermediate_group"), N("rapid"),  _NO, _NO, N("other"),    L("resistant"),    _O)),
    ("gallbladder", "Gallbladder", (N("liver_group"), L("intermediate_group"),  _O,              _NO, _NO, N("other"),    _O,                _O)),
    ("osteosarcoma", "Osteosarcoma", (N("lung_group"), L("intermediate_group"), _O,              _NO, _NO, N("other"),    L("resistant"),    _O)),
    ("melanoma", "Melanoma",     (L("others"),        L("intermediate_group"),  _O,              _NO, _NO, N("other"),    N("resistant"),    _O)),
    ("myeloma", "Myeloma",       (L("others"),        L("intermediate_group"),  _O,              _NO, _Y,  N("other"),    N("sensitive"),    N("lytic"))),
    ("lymphoma", "Lymphoma",     (L("others"),        L("intermediate_group"),  _O,              _NO, _Y,  N("other"),    N("sensitive"),    _O)),
    ("sarcoma", "Sarcoma (other)", (L("others"),      L("intermediate_group"),  _O,              _NO, _NO, N("other"),    L("resistant"),    _O)),
    ("unknown", "Unknown primary (none found)", (N("liver_group"), N("intermediate_group"), N("rapid"), L("no"), _NO, N("other"), _O,         _O)),
    ("other", "Other",           (N("others"),        N("intermediate_group"),  _O,              _NO, _NO, N("other"),    _O,                _O)),
)
# fmt: on

PRIMARY_SITES: Final = MappingProxyType(
    {
        code: PrimarySite(code, label, MappingProxyType(dict(zip(_COLUMNS, row, strict=True))))
        for code, label, row in _SITE_ROWS
    }
)
"""Every primary-site code of case-format §3, in that order."""


def placement(mapping: str, site: str) -> Placement:
    """The placement of ``site`` in ``mapping`` (KeyError for an unknown code)."""
    return PRIMARY_SITES[site].placements[mapping]


def sites_placed_in(mapping: str, group: str) -> frozenset[str]:
    """The site codes that ``mapping`` places in ``group`` (named or local)."""
    if group not in MAPPINGS[mapping].groups:
        raise KeyError(f"{group!r} is not a group of {mapping!r}: {MAPPINGS[mapping].groups}")
    return frozenset(
        code for code, site in PRIMARY_SITES.items() if site.placements[mapping].group == group
    )


# --- Histologies and compartments (§10.1) ------------------------------------------------

Behaviour = Literal["benign", "malignant", "variable"]
Origin = Literal["primary", "secondary"]


@dataclass(frozen=True)
class Histology:
    code: str
    label: str
    compartment: str
    behaviour: Behaviour
    origin: Origin
    bone_tumour: bool
    """A primary tumour of bone (Enneking staging applies; biopsy before definitive surgery)."""
    confidence: str


# fmt: off
_HISTOLOGY_ROWS: tuple[Histology, ...] = (
    Histology("metastasis", "Metastasis (secondary tumour)", "extradural", "malignant", "secondary", False, "2+"),
    Histology("myeloma_plasmacytoma", "Myeloma / plasmacytoma", "extradural", "malignant", "primary", False, "2+"),
    Histology("lymphoma", "Lymphoma", "extradural", "malignant", "primary", False, "2+"),
    Histology("osteoid_osteoma", "Osteoid osteoma", "extradural", "benign", "primary", True, "UNCONFIRMED"),
    Histology("osteoblastoma", "Osteoblastoma", "extradural", "benign", "primary", True, "1"),
    Histology("enchondroma", "Enchondroma", "extradural", "benign", "primary", True, "1"),
    Histology("osteochondroma", "Osteochondroma", "extradural", "benign", "primary", True, "UNCONFIRMED"),
    Histology("haemangioma", "Haemangioma", "extradural", "benign", "primary", True, "UNCONFIRMED"),
    Histology("aneurysmal_bone_cyst", "Aneurysmal bone cyst", "extradural", "benign", "primary", True, "1"),
    Histology("giant_cell_tumour", "Giant cell tumour (locally aggressive)", "extradural", "benign", "primary", True, "1"),
    Histology("eosinophilic_granuloma", "Eosinophilic granuloma / Langerhans cell histiocytosis", "extradural", "benign", "primary", True, "UNCONFIRMED"),
    Histology("chordoma", "Chordoma", "extradural", "malignant", "primary", True, "1"),
    Histology("chondrosarcoma", "Chondrosarcoma", "extradural", "malignant", "primary", True, "1"),
    Histology("osteosarcoma", "Osteosarcoma", "extradural", "malignant", "primary", True, "1"),
    Histology("ewing_sarcoma", "Ewing sarcoma", "extradural", "malignant", "primary", True, "1"),
    Histology("meningioma", "Meningioma", "intradural_extramedullary", "benign", "primary", False, "2+"),
    Histology("schwannoma", "Schwannoma", "intradural_extramedullary", "benign", "primary", False, "2+"),
    Histology("neurofibroma", "Neurofibroma", "intradural_extramedullary", "benign", "primary", False, "2+"),
    Histology("myxopapillary_ependymoma", "Myxopapillary ependymoma (filum terminale)", "intradural_extramedullary", "variable", "primary", False, "UNCONFIRMED"),
    Histology("leptomeningeal_metastasis", "Leptomeningeal ('drop') metastasis", "intradural_extramedullary", "malignant", "secondary", False, "UNCONFIRMED"),
    Histology("mpnst", "Malignant peripheral nerve sheath tumour", "intradural_extramedullary", "malignant", "primary", False, "UNCONFIRMED"),
    Histology("ependymoma", "Ependymoma", "intramedullary", "variable", "primary", False, "2+"),
    Histology("astrocytoma", "Astrocytoma", "intramedullary", "variable", "primary", False, "2+"),
    Histology("haemangioblastoma", "Haemangioblastoma", "intramedullary", "benign", "primary", False, "UNCONFIRMED"),
)
# fmt: on

HISTOLOGIES: Final = MappingProxyType({h.code: h for h in _HISTOLOGY_ROWS})
"""Common spinal tumour histologies (an optional case field, ``histology``)."""

HAEMATOLOGICAL_HISTOLOGIES: Final = frozenset({"myeloma_plasmacytoma", "lymphoma"})
HAEMATOLOGICAL_SITES: Final = frozenset({"myeloma", "lymphoma"})
"""Haematological malignancies: radiosensitive, treated with radiotherapy and systemic
therapy, never en bloc excision (spec §15.5)."""

IMAGING_TYPICAL_BENIGN: Final = frozenset({"haemangioma", "osteochondroma"})
"""Benign bone lesions that imaging diagnoses: no biopsy (spec §15.7)."""

INTRADURAL_RESECTABLE: Final = frozenset(
    {"meningioma", "schwannoma", "neurofibroma", "myxopapillary_ependymoma"}
)
"""Intradural extramedullary tumours resected when symptomatic (spec §15.7)."""

EN_BLOC_BONE_TUMOURS: Final = frozenset({"chordoma", "chondrosarcoma", "osteosarcoma"})
"""Primary malignant bone tumours for which en bloc excision is the aim (spec §15.5,
Enneking-guided)."""
