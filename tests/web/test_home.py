import pytest

pytestmark = pytest.mark.django_db


def test_it_redirects_anonymous_users_to_login(client) -> None:
    response = client.get("/patients/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/patients/"


def test_it_shows_the_home_page_with_navigation_for_the_role(client_for, coordinator) -> None:
    response = client_for(coordinator).get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "spinepath" in html
    assert 'href="/patients/"' in html
    assert 'href="/audit/"' not in html
    assert "the multidisciplinary team (MDT) decides" in html
    assert "Skip to main content" in html


def test_it_shows_admins_the_audit_log_in_navigation(client_for, system_admin) -> None:
    html = client_for(system_admin).get("/").content.decode()
    assert 'href="/audit/"' in html


def test_it_shows_a_referrer_no_patient_list(client_for, referrer) -> None:
    html = client_for(referrer).get("/").content.decode()
    assert 'href="/patients/"' not in html


def test_it_rejects_post_to_home(client_for, coordinator) -> None:
    assert client_for(coordinator).post("/").status_code == 405


def test_it_serves_a_styled_not_found_page(client_for, coordinator) -> None:
    response = client_for(coordinator).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "nhsuk-frontend.min.css" in response.content.decode()


def test_it_serves_the_api_health_check_without_login(client) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_answers_401_not_a_redirect_for_the_api(client) -> None:
    assert client.get("/api/me").status_code == 401


def test_it_tells_the_api_who_is_signed_in(client_for, clinician) -> None:
    response = client_for(clinician).get("/api/me")
    assert response.json() == {"email": "clinician@example.test", "role": "clinician"}


def test_it_sends_the_admin_login_to_our_login_page(client) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
