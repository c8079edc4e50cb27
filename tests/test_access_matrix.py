"""Every patient-data URL, as every persona: the status each role must get.

200 where the role may read it; 403 where the role may not open the page at all; 404
where the role may open such pages but not this record (another referrer's referral, a
removed patient); the login page (302) or 401 (API) without a session. The table is the
access policy: a change to who sees what shows here.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.records import make_records

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "referrer",
    "outsider",
    "coordinator",
    "clinician",
    "clinic_admin",
    "system_admin",
]

STAFF = {"coordinator", "clinician", "clinic_admin", "system_admin"}
WORKLIST = {"coordinator", "clinician", "clinic_admin"}
ASSESSMENT = {"coordinator", "clinician"}
BOOKERS = {"coordinator", "clinic_admin"}
# (path, the personas that get 200): see `expected` for everyone else.
TABLE: list[tuple[str, set[str]]] = [
    ("/patients/", STAFF),
    ("/patients/{p}/edit/", STAFF),
    ("/patients/{p}/access/", STAFF),
    ("/referrals/worklist/", WORKLIST),
    ("/referrals/mine/", {"referrer", "outsider"}),
    ("/referrals/{r}/", {*WORKLIST, "referrer"}),
    ("/referrals/{r}/confirmation/", {*WORKLIST, "referrer"}),
    ("/assessments/", ASSESSMENT),
    ("/assessments/patient/{p}/", ASSESSMENT),
    ("/assessments/patient/{p}/new/", {"clinician"}),
    ("/assessments/{a}/", ASSESSMENT),
    ("/assessments/{a}/decision/", {"clinician"}),
    ("/appointments/", WORKLIST),
    ("/appointments/clinic/", WORKLIST),
    ("/appointments/patients/{p}/", WORKLIST),
    ("/appointments/patients/{p}/book/", BOOKERS),
    ("/appointments/{ap}/cancel/", BOOKERS),
    ("/appointments/{ap}/rebook/", BOOKERS),
    ("/api/patients/{p}/assessments", ASSESSMENT),
    ("/api/assessments/{a}", ASSESSMENT),
    ("/audit/", {"clinic_admin", "system_admin"}),
]


def expected(path: str, allowed: set[str], persona: str) -> int:
    if persona == "anonymous":
        return 401 if path.startswith("/api/") else 302
    if persona in allowed:
        return 200
    # The outsider is a referrer: a page referrers may open, on a record not theirs.
    if persona == "outsider" and "referrer" in allowed:
        return 404
    return 403


@pytest.fixture
def records(patient, referrer, clinician, coordinator) -> Any:
    return make_records(
        patient=patient, referrer=referrer, clinician=clinician, coordinator=coordinator
    )


def _url(path: str, records: Any) -> str:
    return path.format(
        p=records.patient.pk,
        r=records.referral.pk,
        a=records.assessment.pk,
        ap=records.appointment.pk,
    )


def _client(client: Any, request: pytest.FixtureRequest, persona: str) -> Any:
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("path", "allowed"), TABLE, ids=[p for p, _ in TABLE])
def test_it_gives_each_role_its_status(client, request, records, path, allowed, persona):
    response = _client(client, request, persona).get(_url(path, records))
    assert response.status_code == expected(path, allowed, persona)


RECORD_PATHS = [(path, allowed) for path, allowed in TABLE if "{" in path]


@pytest.mark.parametrize(("path", "allowed"), RECORD_PATHS, ids=[p for p, _ in RECORD_PATHS])
def test_it_404s_a_removed_patients_records_for_everyone(client, request, records, path, allowed):
    from spinepath.patients.services import remove_patient

    remove_patient(records.patient, by=request.getfixturevalue("system_admin"))
    for persona in sorted(allowed - {"outsider"}):
        client.force_login(request.getfixturevalue(persona))
        assert client.get(_url(path, records)).status_code == 404, persona


@pytest.mark.parametrize(("path", "allowed"), RECORD_PATHS, ids=[p for p, _ in RECORD_PATHS])
def test_it_404s_records_that_do_not_exist(client, request, records, path, allowed):
    for persona in sorted(allowed - {"outsider"}):
        client.force_login(request.getfixturevalue(persona))
        missing = path.format(p=999999, r=999999, a=999999, ap=999999)
        assert client.get(missing).status_code == 404, persona
