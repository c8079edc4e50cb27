"""The coded vocabularies of the case format (case-format.md §1, §4), with labels.

Codes are a public interface: stable, snake_case, never renamed. Labels may change.
Each vocabulary maps code -> plain-language label, in display order.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = [
    "AMBULATORY",
    "ASIA",
    "BILSKY_GRADES",
    "BONE_LESION",
    "CANCER_HISTORY",
    "COLLAPSE",
    "COMPARTMENTS",
    "FRANKEL",
    "INSTABILITY_JUDGEMENT",
    "LESION_ALIGNMENT",
    "LESION_PAIN",
    "POSTEROLATERAL",
    "SYMPTOMS",
    "VERTEBRAL_LEVELS",
    "VISCERAL_METASTASES",
]


def _vocab(*pairs: tuple[str, str]) -> MappingProxyType[str, str]:
    return MappingProxyType(dict(pairs))


CANCER_HISTORY: Final = _vocab(
    ("known", "Past or current cancer diagnosis"),
    ("suspected", "Cancer suspected, not yet diagnosed"),
    ("none", "No cancer diagnosis"),
)

VISCERAL_METASTASES: Final = _vocab(
    ("none", "No metastases to major internal organs"),
    ("removable", "Removable (treatable) metastases to major internal organs"),
    ("unremovable", "Unremovable (untreatable) metastases to major internal organs"),
)

INSTABILITY_JUDGEMENT: Final = _vocab(
    ("stable", "The spinal surgeon judges the spine stable"),
    ("unstable", "The spinal surgeon judges the spine unstable"),
)
"""The spinal surgeon's judgement of stability (NOMS "M" for SINS 7–12, spec §15.3)."""

AMBULATORY: Final = _vocab(
    ("independent", "Walks independently"),
    ("assisted", "Walks with help or aids"),
    ("non_ambulatory", "Cannot walk"),
)

FRANKEL: Final = _vocab(
    ("A", "A – Complete: no motor or sensory function below the level"),
    ("B", "B – Sensory only: some sensation preserved, no motor function"),
    ("C", "C – Motor useless: some motor function, of no practical use"),
    ("D", "D – Motor useful: useful motor function (e.g. walks, with or without aids)"),
    ("E", "E – Normal motor and sensory function"),
)

ASIA: Final = _vocab(
    ("A", "A – Complete: no sensory or motor function in S4–S5"),
    ("B", "B – Sensory incomplete"),
    ("C", "C – Motor incomplete: more than half of key muscles below grade 3"),
    ("D", "D – Motor incomplete: at least half of key muscles grade 3 or more"),
    ("E", "E – Normal"),
)

COMPARTMENTS: Final = _vocab(
    ("extradural", "Extradural (bone and epidural space)"),
    ("intradural_extramedullary", "Intradural extramedullary (inside the dura, outside the cord)"),
    ("intramedullary", "Intramedullary (within the spinal cord)"),
)

LESION_PAIN: Final = _vocab(
    ("mechanical", "Mechanical pain (relieved lying down, worse with movement or loading)"),
    ("occasional", "Occasional pain, not mechanical"),
    ("none", "Pain-free lesion"),
)

BONE_LESION: Final = _vocab(
    ("lytic", "Lytic"),
    ("mixed", "Mixed lytic/blastic"),
    ("blastic", "Blastic (sclerotic)"),
)

LESION_ALIGNMENT: Final = _vocab(
    ("subluxation", "Subluxation or translation"),
    ("deformity", "De novo deformity (kyphosis or scoliosis)"),
    ("normal", "Normal alignment"),
)

COLLAPSE: Final = _vocab(
    ("over_50", "More than 50% collapse"),
    ("under_50", "Less than 50% collapse"),
    ("body_involved", "No collapse, more than 50% of the body involved"),
    ("none", "None of the above"),
)

POSTEROLATERAL: Final = _vocab(
    ("bilateral", "Bilateral"),
    ("unilateral", "Unilateral"),
    ("none", "None"),
)

BILSKY_GRADES: Final = _vocab(
    ("0", "0 – Bone-only disease"),
    ("1a", "1a – Epidural impingement, no deformation of the thecal sac"),
    ("1b", "1b – Deformation of the thecal sac, no spinal-cord abutment"),
    ("1c", "1c – Deformation of the thecal sac with cord abutment, no compression"),
    ("2", "2 – Spinal cord compression, CSF visible around the cord"),
    ("3", "3 – Spinal cord compression, no CSF visible around the cord"),
)
"""An ordered grade, in this order; never a number (1c is not 1.3)."""

VERTEBRAL_LEVELS: Final[tuple[str, ...]] = (
    "C0",
    *(f"C{i}" for i in range(1, 8)),
    *(f"T{i}" for i in range(1, 13)),
    *(f"L{i}" for i in range(1, 6)),
    *(f"S{i}" for i in range(1, 6)),
)
"""C0 (occiput) to S5, top to bottom. The coccyx is not defined by SINS and is rejected."""

SYMPTOMS: Final = _vocab(
    # Spinal-metastasis pain features
    ("thoracic_or_cervical_pain", "Pain in the middle (thoracic) or upper (neck) spine"),
    ("progressive_lumbar_pain", "Lower back pain that is getting worse"),
    ("severe_unremitting_lumbar_pain", "Severe lower back pain that does not let up"),
    ("pain_worse_on_straining", "Back pain worse on straining (coughing, sneezing, at stool)"),
    ("localised_spinal_tenderness", "Tenderness over one spot of the spine"),
    ("nocturnal_pain_preventing_sleep", "Back pain at night that stops sleep"),
    ("pain_worse_lying_down", "Back pain worse lying down"),
    ("pain_not_relieved_by_simple_analgesia", "Back pain not helped by simple painkillers"),
    ("pain_increasing_over_weeks", "Back pain increasing over a few weeks"),
    ("mechanical_pain", "Back pain on movement or when sitting or standing up"),
    ("claudication", "Muscle pain or cramping in the legs on walking (claudication)"),
    # Neurological symptoms and signs
    ("radicular_pain", "Shooting pain into a limb or around the chest or belly (radicular)"),
    ("limb_weakness", "Weakness of an arm or leg"),
    ("difficulty_walking", "Difficulty walking or unsteadiness"),
    ("sensory_loss", "Numbness, pins and needles or loss of feeling"),
    ("bladder_or_bowel_dysfunction", "New problems controlling bladder or bowel"),
    (
        "signs_of_cord_or_cauda_equina_compression",
        "Examination signs of spinal cord or cauda equina compression",
    ),
    # Constitutional
    ("fatigue", "Tiredness"),
    ("weight_loss", "Weight loss"),
    ("poor_appetite", "Poor appetite"),
)
