import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from spinepath.accounts.decorators import role_required
from spinepath.accounts.models import Role

pytestmark = pytest.mark.django_db


@role_required(Role.COORDINATOR, Role.CLINICIAN)
def _view(request):
    return HttpResponse("ok")


def test_it_lets_a_listed_role_in(rf: RequestFactory, coordinator) -> None:
    request = rf.get("/x")
    request.user = coordinator
    assert _view(request).status_code == 200


def test_it_refuses_another_role_with_403(client_for, referrer) -> None:
    response = client_for(referrer).get("/patients/")
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_it_refuses_an_inactive_user(rf: RequestFactory, coordinator) -> None:
    from django.core.exceptions import PermissionDenied

    coordinator.is_active = False
    request = rf.get("/x")
    request.user = coordinator
    with pytest.raises(PermissionDenied):
        _view(request)


def test_it_sends_anonymous_users_to_login(rf: RequestFactory) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/x?y=1")
    request.user = AnonymousUser()
    response = _view(request)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/x%3Fy%3D1"


def test_it_does_not_let_a_system_admin_in_by_default(rf: RequestFactory, system_admin) -> None:
    from django.core.exceptions import PermissionDenied

    request = rf.get("/x")
    request.user = system_admin
    with pytest.raises(PermissionDenied):
        _view(request)


def test_it_needs_at_least_one_role() -> None:
    with pytest.raises(ValueError, match="at least one role"):
        role_required()
