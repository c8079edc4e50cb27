"""Who may read what: the role groups every view, the API and the audit log share.

The views check these with `role_required(*ASSESSMENT_READERS)` and the like; the audit
log shows an event's data only to roles that may read that kind of record
(`may_read_data`). One table, so a page and the audit log cannot disagree.
"""

from __future__ import annotations

from typing import Any

from spinepath.accounts.models import Role

__all__ = [
    "ADMINISTRATIVE_TYPES",
    "APPOINTMENT_READERS",
    "ASSESSMENT_READERS",
    "PATIENT_READERS",
    "READERS_BY_TYPE",
    "REFERRAL_READERS",
    "may_read_data",
]

# Clinic staff see every patient (the clinics work as one practice across sites). A
# referrer sees only the patients they referred, and only through their referrals.
PATIENT_READERS = (Role.COORDINATOR, Role.CLINICIAN, Role.CLINIC_ADMIN, Role.SYSTEM_ADMIN)
# Every referral; a referrer also reads their own (decided in referrals.access).
REFERRAL_READERS = (Role.COORDINATOR, Role.CLINICIAN, Role.CLINIC_ADMIN)
ASSESSMENT_READERS = (Role.COORDINATOR, Role.CLINICIAN)
APPOINTMENT_READERS = (Role.COORDINATOR, Role.CLINIC_ADMIN, Role.CLINICIAN)

# Audited record types (app_label.model) holding patient data, and who may read them.
READERS_BY_TYPE: dict[str, tuple[Role, ...]] = {
    "patients.patient": PATIENT_READERS,
    "referrals.referral": REFERRAL_READERS,
    "assessments.assessment": ASSESSMENT_READERS,
    "assessments.mdtdecision": ASSESSMENT_READERS,
    "appointments.appointment": APPOINTMENT_READERS,
}
# Record types without patient data: their audit data is shown to whoever sees the log.
ADMINISTRATIVE_TYPES = frozenset({"accounts.user", "clinics.site", "appointments.slot"})


def may_read_data(user: Any, object_type: str) -> bool:
    """Whether `user` may read the data of `object_type` records. A type in neither table
    (a new app's, say) is treated as patient data nobody may read here: redacted."""
    if object_type in ADMINISTRATIVE_TYPES:
        return True
    roles = READERS_BY_TYPE.get(object_type, ())
    return bool(roles) and bool(user.has_role(*roles))
