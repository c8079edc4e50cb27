from django.apps import AppConfig


class InfoConfig(AppConfig):
    name = "spinepath.info"
    label = "info"
