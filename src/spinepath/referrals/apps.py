from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "spinepath.referrals"
    label = "referrals"
