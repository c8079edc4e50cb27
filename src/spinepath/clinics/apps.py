from django.apps import AppConfig


class ClinicsConfig(AppConfig):
    name = "spinepath.clinics"
    label = "clinics"
