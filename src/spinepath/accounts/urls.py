from django.urls import path

from spinepath.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("two-step/", views.two_step, name="two_step"),
    path("two-step/set-up/", views.two_step_setup, name="two_step_setup"),
    path("two-step/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("logout/", views.logout, name="logout"),
]
