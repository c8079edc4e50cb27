from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from spinepath.audit.models import AuditEvent
from spinepath.audit.services import record_change, snapshot
from spinepath.common.versioning import claim_version
from spinepath.patients.forms import PatientForm
from spinepath.patients.models import Patient


class PatientAdminForm(PatientForm):
    # `version` is a non-editable model field, which the admin refuses to list; the admin
    # does not check it, but its saves count as changes (save_model).
    version = None


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    """Same validation as the app's form; every save and delete is audited."""

    form = PatientAdminForm
    list_display = ["family_name", "given_name", "date_of_birth", "nhs_number", "home_site"]
    list_filter = ["home_site", "sex"]
    search_fields = ["family_name", "given_name", "nhs_number", "hospital_number"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(Patient.objects.get(pk=obj.pk)) if change else {}
        if change:  # counts as a change, so a form open in the app sees it is out of date
            claim_version(obj, None)
        super().save_model(request, obj, form, change)
        action = AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE
        record_change(request.user, obj, action, before, snapshot(obj))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_change(request.user, obj, AuditEvent.Action.DELETE, snapshot(obj), {})
        super().delete_model(request, obj)
