import pytest

pytestmark = pytest.mark.django_db


def test_it_hides_appointments_in_the_admin_from_a_system_admin(client_for, system_admin):
    """A system administrator may not see appointments in the app, so not in the admin."""
    response = client_for(system_admin).get("/admin/appointments/appointment/")
    assert response.status_code == 403
