import datetime as dt
import re

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import PASSWORD, TOTP_KEY

from spinepath.accounts import mfa
from spinepath.accounts.models import User
from spinepath.common.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TWO_STEP = "/accounts/two-step/"
SETUP = "/accounts/two-step/set-up/"
T0 = dt.datetime(2026, 3, 2, 9, 0, 10, tzinfo=dt.UTC)  # 10 s into a 30-second step
STAFF = ["coordinator", "clinician", "clinic_admin", "system_admin"]


def _code(key: str = TOTP_KEY, at: dt.datetime = T0) -> str:
    totp = TOTP(bytes.fromhex(key))
    totp.time = at.timestamp()
    return f"{totp.token():06d}"


def _password_step(client, user) -> None:
    response = client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("role", STAFF)
def test_a_password_alone_reaches_nothing_for_staff(client, request, role, clock) -> None:
    user = request.getfixturevalue(role)
    _password_step(client, user)
    for path in ["/", "/patients/", "/referrals/worklist/", "/admin/", "/assessments/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{TWO_STEP}?next="), path
    assert client.get("/api/me").status_code == 401
    assert client.get(SETUP)["Location"].startswith(TWO_STEP)  # no second app either


@pytest.mark.parametrize("role", STAFF)
def test_staff_get_in_with_the_code_from_their_app(client, request, role, clock) -> None:
    user = request.getfixturevalue(role)
    _password_step(client, user)
    response = client.post(TWO_STEP, {"code": _code(), "next": "/patients/"})
    assert response["Location"] == "/patients/"
    assert client.get("/").status_code == 200
    assert client.get("/api/me").json()["email"] == user.email


def test_a_staff_user_without_an_app_must_set_one_up(client, sites, clock) -> None:
    user = User.objects.create_user("new@example.test", PASSWORD, role="clinician")
    _password_step(client, user)
    assert client.get("/patients/")["Location"].startswith(f"{SETUP}?next=")
    page = client.get(SETUP).content.decode()
    assert "<svg" in page  # the QR code, drawn on the server
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert secret == mfa.app_secret(device).replace(" ", "")
    assert "There is a problem" in client.post(SETUP, {"code": "000000"}).content.decode()
    clock.shift(dt.timedelta(seconds=2))  # a wrong code makes the next try wait a second
    response = client.post(SETUP, {"code": _code(device.key, T0)})
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(codes) == mfa.RECOVERY_CODES
    assert client.get("/").status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed


def test_a_referrer_needs_no_second_step(client, referrer) -> None:
    _password_step(client, referrer)
    assert client.get("/").status_code == 200


def test_a_referrer_who_opted_in_must_pass_it(client, referrer, clock) -> None:
    TOTPDevice.objects.create(user=referrer, name="app", key=TOTP_KEY)
    _password_step(client, referrer)
    assert client.get("/")["Location"].startswith(TWO_STEP)
    client.post(TWO_STEP, {"code": _code()})
    assert client.get("/").status_code == 200


def test_it_rejects_a_code_from_two_steps_ago_and_a_used_one(client, clinician, clock) -> None:
    _password_step(client, clinician)
    old = _code(at=T0 - dt.timedelta(seconds=60))
    assert "The code is wrong" in client.post(TWO_STEP, {"code": old}).content.decode()
    clock.shift(dt.timedelta(seconds=2))
    assert client.post(TWO_STEP, {"code": _code()}).status_code == 302
    other = client.__class__()
    _password_step(other, clinician)
    assert other.post(TWO_STEP, {"code": _code()}).status_code == 200  # replayed
    assert other.get("/").status_code == 302


def test_it_accepts_the_code_of_the_step_before(client, clinician, clock) -> None:
    _password_step(client, clinician)
    assert (
        client.post(TWO_STEP, {"code": _code(at=T0 - dt.timedelta(seconds=30))}).status_code == 302
    )


def test_a_wrong_code_makes_the_next_try_wait(client, clinician, clock) -> None:
    _password_step(client, clinician)
    client.post(TWO_STEP, {"code": "000000"})
    assert client.post(TWO_STEP, {"code": _code()}).status_code == 200  # too soon
    clock.shift(dt.timedelta(seconds=1))
    assert client.post(TWO_STEP, {"code": _code()}).status_code == 302


def test_a_recovery_code_works_once(client, clinician, clock) -> None:
    codes = mfa.new_recovery_codes(clinician)
    _password_step(client, clinician)
    response = client.post(TWO_STEP, {"code": codes[0].upper()}, follow=True)
    assert "9 are left" in response.content.decode()
    assert response.status_code == 200
    again = client.__class__()
    _password_step(again, clinician)
    assert again.post(TWO_STEP, {"code": codes[0]}).status_code == 200
    assert again.get("/").status_code == 302
    assert StaticDevice.objects.get(user=clinician).token_set.count() == 9


def test_new_recovery_codes_replace_the_old(client_for, clinician) -> None:
    old = mfa.new_recovery_codes(clinician)
    page = client_for(clinician).post("/accounts/two-step/recovery-codes/").content.decode()
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)
    assert len(new) == mfa.RECOVERY_CODES
    assert not set(old) & set(new)
    assert mfa.verify(clinician, old[0]) is None


def test_public_pages_stay_open_before_the_second_step(client, clinician) -> None:
    _password_step(client, clinician)
    response = client.get("/information/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/patients/"' not in html  # the header offers only the public sections
    assert "Two-step verification" not in html


def test_logging_out_is_open_before_the_second_step(client, clinician) -> None:
    _password_step(client, clinician)
    assert client.post("/accounts/logout/")["Location"] == LOGIN


# --- the admin ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["referrer", "coordinator", "clinician", "clinic_admin"])
def test_the_admin_answers_403_to_signed_in_non_staff(client_for, request, role) -> None:
    client = client_for(request.getfixturevalue(role))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1  # to /admin/login/, and no further


def test_the_admin_sends_the_signed_out_to_our_login_page(client) -> None:
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"
    assert response.status_code == 200


def test_the_admin_lets_a_verified_system_admin_in(client_for, system_admin) -> None:
    assert client_for(system_admin).get("/admin/").status_code == 200


# --- the demo -------------------------------------------------------------------------


def test_each_demo_staff_user_signs_in_with_the_printed_code(client, capsys, clock) -> None:
    call_command("seed_demo")
    assert "demo-code" in capsys.readouterr().out
    for role in STAFF:
        email = f"{role}@demo.spinepath"
        call_command("demo_totp", email)
        code = capsys.readouterr().out.strip()
        client.post(LOGIN, {"email": email, "password": DEMO_PASSWORD})
        assert client.post(TWO_STEP, {"code": code}).status_code == 302, role
        assert client.get("/").status_code == 200
        client.logout()


def test_demo_totp_is_for_demo_users_only(clinician) -> None:
    with pytest.raises(CommandError, match="not a demo user"):
        call_command("demo_totp", clinician.email)
