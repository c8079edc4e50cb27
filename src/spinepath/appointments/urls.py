from django.urls import path

from spinepath.appointments import views

app_name = "appointments"
urlpatterns = [
    path("", views.index, name="index"),
    path("clinic/", views.clinic_list, name="clinic"),
    path("patients/<int:pk>/", views.patient_appointments, name="patient"),
    path("patients/<int:pk>/book/", views.book, name="book"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/rebook/", views.rebook, name="rebook"),
    path("<int:pk>/outcome/", views.outcome, name="outcome"),
]
