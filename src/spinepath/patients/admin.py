from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from spinepath.audit.models import AuditEvent
from spinepath.audit.services import record_change, snapshot
from spinepath.common.versioning import claim_version
from spinepath.patients.forms import PatientForm
from spinepath.patients.models import Patient
from spinepath.patients.services import remove_patient


class PatientAdminForm(PatientForm):
    # `version` is a non-editable model field, which the admin refuses to list; the admin
    # does not check it, but its saves count as changes (save_model).
    version = None


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    """Same validation as the app's form; every save is audited. Patients are never
    deleted here: "Remove selected patients" soft-deletes them through the audited
    service, and Django's "Delete selected" and delete button are switched off."""

    form = PatientAdminForm
    list_display = [
        "family_name",
        "given_name",
        "date_of_birth",
        "nhs_number",
        "home_site",
        "deleted_at",
    ]
    list_filter = ["home_site", "sex", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["family_name", "given_name", "nhs_number", "hospital_number"]
    actions = ["remove_selected"]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(Patient.objects.get(pk=obj.pk)) if change else {}
        if change:  # counts as a change, so a form open in the app sees it is out of date
            claim_version(obj, None)
        super().save_model(request, obj, form, change)
        action = AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE
        record_change(request.user, obj, action, before, snapshot(obj))

    @admin.action(
        description="Remove selected patients (kept, hidden, audited)", permissions=["change"]
    )
    def remove_selected(self, request: HttpRequest, queryset: QuerySet[Patient]) -> None:
        patients = list(queryset.filter(deleted_at__isnull=True))
        for patient in patients:
            remove_patient(patient, by=request.user)
        self.message_user(request, f"Removed {len(patients)} patients.", messages.SUCCESS)
