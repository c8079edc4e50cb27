from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "spinepath.appointments"
    label = "appointments"
