from django.contrib import admin

from spinepath.accounts.roles import APPOINTMENT_READERS
from spinepath.appointments.models import Appointment, Slot


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "site", "duration_minutes", "clinician"]
    list_filter = ["site"]
    date_hierarchy = "starts_at"


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    """Read-only: appointments change through the app's audited services. Shown only to
    roles that may see appointments in the app (not to a system administrator)."""

    list_display = ["patient", "slot", "status", "booked_by", "booked_at"]
    list_filter = ["status", "slot__site"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return request.user.has_role(*APPOINTMENT_READERS) and super().has_view_permission(
            request, obj
        )
