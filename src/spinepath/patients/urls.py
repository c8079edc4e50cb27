from django.urls import path

from spinepath.patients import views

app_name = "patients"
urlpatterns = [
    path("", views.patient_list, name="list"),
    path("new/", views.patient_new, name="new"),
    path("<int:pk>/edit/", views.patient_edit, name="edit"),
    path("<int:pk>/access/", views.patient_access, name="access"),
]
