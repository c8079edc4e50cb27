"""Every caveat, warning, conflict and note the engine can say, as data (spec §15.9).

Codes are stable: CV-… caveats, WN-… warnings, CF-… conflicts, NT-… notes added to an
action or a recommendation. A text is a template whose ``{fields}`` the engine fills in;
the sentence itself, its source and its confidence live only here. The tables' own
caveats live with their tables (``PointTable.caveats``) and share the table's provenance.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from spinepath.clinical.provenance import Provenance, Statement

__all__ = ["STATEMENTS"]

_SPEC_15 = "clinical-content §15 safety amendments (2026-11-29)"

STATEMENTS: Final = MappingProxyType(
    {
        s.code: s
        for s in (
            # --- Placement of a primary site in a score ---------------------------------
            Statement(
                "CV-PLACEMENT-01",
                "caveat",
                "{table} does not name the primary site '{site}' and no local placement has "
                "been agreed: the {item} item stays open (needs a locally agreed mapping with "
                "clinical sign-off).",
                Provenance("case-format §3 (sites a score does not name)", "§2–§6", "UNCONFIRMED"),
            ),
            Statement(
                "CV-PLACEMENT-02",
                "caveat",
                "{table} does not name the primary site '{site}'; it is placed in '{group}' "
                "({mapping}) locally: needs clinical sign-off.",
                Provenance("case-format §3 (sites a score does not name)", "§2–§6", "UNCONFIRMED"),
            ),
            Statement(
                "CV-SINS-03",
                "caveat",
                "Scored per lesion; the case SINS is the highest-scoring lesion, an aggregation "
                "rule no source states: needs clinical sign-off.",
                Provenance("case-format §1 (SINS per lesion)", "§1.4", "UNCONFIRMED"),
            ),
            # --- Warnings about the recorded facts --------------------------------------
            Statement(
                "WN-KPS-ECOG-01",
                "warning",
                "KPS is not recorded and ECOG is never converted to KPS (three published "
                "mappings disagree): scores that read KPS (Tokuhashi, van der Linden) stay "
                "incomplete.",
                Provenance(
                    "clinical-content §7.5 (three KPS↔ECOG mappings disagree)", "§7.5", "2+"
                ),
            ),
            Statement(
                "WN-FRANKEL-ASIA-01",
                "warning",
                "Frankel is not recorded and ASIA is not converted to Frankel: the Tokuhashi "
                "palsy item stays open.",
                Provenance("clinical-content §7.1–7.2 (different scales)", "§7.2", "2+"),
            ),
            Statement(
                "WN-LESION-COUNT-01",
                "warning",
                "{lesions} lesions are recorded but vertebral_metastases is {count}: check the "
                "count.",
                Provenance("case-format §1 (a consistency check of the record)", "§1", "2+"),
            ),
            Statement(
                "WN-INTRADURAL-01",
                "warning",
                "The lesion at {level} is {compartment}: SINS and Bilsky describe bony and "
                "epidural disease and are not applied to it.",
                Provenance(_SPEC_15, "§15.7", "2+"),
            ),
            Statement(
                "WN-NOT-APPLICABLE-01",
                "warning",
                "{name} is not applicable: {reason}.",
                Provenance("The score's own table and applicability rule", "§1–§7, §15.7", "2+"),
            ),
            Statement(
                "WN-SIGN-OFF-01",
                "warning",
                "Needs clinical sign-off before clinical use: {names}.",
                Provenance("clinical-content §0 (confidence tags)", "§0", "2+"),
            ),
            # --- Caveats on the proposed plan ---------------------------------------------
            Statement(
                "CV-NOMS-01",
                "caveat",
                "The NOMS table cells are reconstructed from common reproductions of Laufer "
                "2013: needs clinical sign-off.",
                Provenance(
                    "Laufer et al., Oncologist 2013 (table as commonly reproduced)",
                    "§5.1",
                    "UNCONFIRMED",
                ),
            ),
            Statement(
                "CV-RADIO-LOCAL-01",
                "caveat",
                "Radiosensitivity of '{site}' is placed as '{group}' for NOMS locally: needs "
                "clinical sign-off.",
                Provenance(_SPEC_15, "§15.14", "1"),
            ),
            Statement(
                "CV-BILSKY-1C-01",
                "caveat",
                "Bilsky 1c (cord abutment without compression) is indeterminate for NOMS: "
                "the low-grade and the high-grade branch are both shown, and the MDT chooses.",
                Provenance(
                    "Radiopaedia (two articles); thespinebook ('controversial')", "§15.13", "1"
                ),
            ),
            Statement(
                "CV-BILSKY-1C-02",
                "caveat",
                "Bilsky 1c with myelopathy: low-grade compression with myelopathy has no NOMS "
                "row, so only the high-grade reading is shown; 1c's management is "
                "controversial and the MDT decides.",
                Provenance(
                    "Radiopaedia (two articles); thespinebook ('controversial')", "§15.13", "1"
                ),
            ),
            Statement(
                "CV-SINS-INDETERMINATE-01",
                "caveat",
                "SINS 7–12 (potentially unstable) asks for a spinal surgical opinion: NOMS "
                "shows the branch for both judgements until instability_judgement is recorded.",
                Provenance(
                    "Fisher 2010; Fourney 2011 (consultation, not surgery, for 7–12)", "§15.3", "2+"
                ),
            ),
            Statement(
                "CV-FITNESS-01",
                "caveat",
                "Fitness for surgery is not recorded: every surgical suggestion holds only if "
                "the patient is fit for surgery (record fit_for_surgery).",
                Provenance(_SPEC_15, "§15.4", "2+"),
            ),
            Statement(
                "CV-INTRAMEDULLARY-01",
                "caveat",
                "Intramedullary tumour: the extent of resection depends on the histology and "
                "on whether there is a surgical plane.",
                Provenance(_SPEC_15, "§15.7", "2+"),
            ),
            Statement(
                "CV-PLASMACYTOMA-01",
                "caveat",
                "Myeloma / plasmacytoma is treated with radiotherapy (solitary plasmacytoma "
                "40–50 Gy) and systemic therapy; surgery only for instability or neurological "
                "compromise.",
                Provenance(_SPEC_15, "§15.5", "2+"),
            ),
            # --- Notes added to a recommendation or an action -----------------------------
            Statement(
                "NT-UNFIT-UNSTABLE-01",
                "note",
                "Not fit for open surgery: consider only if the spinal surgeon judges it "
                "tolerable (the NOMS unstable and unfit cell is disputed).",
                Provenance("Laufer et al., Oncologist 2013; spec §15.4", "§15.4", "UNCONFIRMED"),
            ),
            Statement(
                "NT-LONG-STANDING-01",
                "note",
                "Recorded: {signs}. Treat as suspected MSCC unless this deficit is known to be "
                "long-standing and explained.",
                Provenance(_SPEC_15, "§15.1", "2+"),
            ),
            Statement(
                "NT-UNTIL-01",
                "note",
                "Shown until {facts} is recorded: the most urgent possibility cannot be ruled "
                "out yet.",
                Provenance(_SPEC_15, "§15.2", "2+"),
            ),
            # --- Conflicts ----------------------------------------------------------------
            Statement(
                "CF-PLAN-01",
                "conflict",
                "Best supportive care and surgery ({codes}) are both suggested: prognosis "
                "scores point towards supportive care while the NOMS table points to surgery. "
                "The systemic arm (expected survival, fitness, the patient's wishes) can "
                "override the NOMS table; the MDT weighs both and chooses one.",
                Provenance(_SPEC_15, "§15.8", "2+"),
            ),
            Statement(
                "CF-PLAN-02",
                "conflict",
                "Observation and surgery ({codes}) exclude each other: the MDT chooses one.",
                Provenance(_SPEC_15, "§15.8", "2+"),
            ),
            Statement(
                "CF-PLAN-03",
                "conflict",
                "Conventional radiotherapy (cEBRT) and stereotactic radiosurgery (SRS) are "
                "alternatives for the same lesion: the MDT chooses one.",
                Provenance(_SPEC_15, "§15.8", "2+"),
            ),
            Statement(
                "CF-SCORES-01",
                "conflict",
                "Prognostic scores disagree: {worst}; {best}.",
                Provenance("The scores' own bands (clinical-content §2–§6)", "§2–§6", "2+"),
            ),
            Statement(
                "CF-SCORES-02",
                "conflict",
                "Modified Bauer ({modified}) and original Bauer ({original}) bands disagree.",
                Provenance("Bauer & Wedin 1995; Leithner 2008", "§6.1", "1"),
            ),
        )
    }
)
"""Every coded sentence the engine can say, by code."""
