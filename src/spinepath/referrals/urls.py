from django.urls import path

from spinepath.referrals import views

app_name = "referrals"
urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("new/", views.referral_new, name="new"),
    path("mine/", views.my_referrals, name="mine"),
    path("gp-information/", views.gp_information, name="gp_information"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/confirmation/", views.referral_confirmation, name="confirmation"),
    path("<int:pk>/status/", views.referral_advance, name="advance"),
]
