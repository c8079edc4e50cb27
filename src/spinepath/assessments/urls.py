from django.urls import path

from spinepath.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_index, name="index"),
    path("patient/<int:patient_pk>/", views.patient_assessments, name="patient"),
    path("patient/<int:patient_pk>/new/", views.assessment_new, name="new"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/decision/", views.decision_new, name="decide"),
]
