from django.contrib import admin
from django.urls import include, path

from spinepath.web import views
from spinepath.web.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("spinepath.accounts.urls")),
    path("audit/", include("spinepath.audit.urls")),
    path("patients/", include("spinepath.patients.urls")),
    path("referrals/", include("spinepath.referrals.urls")),
    path("assessments/", include("spinepath.assessments.urls")),
    path("appointments/", include("spinepath.appointments.urls")),
    path("information/", include("spinepath.info.urls")),
    path("api/", api.urls),
    # The admin signs in through our login page, so lockout and two-step cover it too.
    path("admin/login/", views.admin_login),
    path("admin/", admin.site.urls),
]

handler400 = "spinepath.web.views.bad_request"
handler403 = "spinepath.web.views.permission_denied"
handler404 = "spinepath.web.views.page_not_found"
handler500 = "spinepath.web.views.server_error"
