from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "spinepath.assessments"
    label = "assessments"
