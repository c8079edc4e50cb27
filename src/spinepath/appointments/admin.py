from django.contrib import admin

from spinepath.appointments.models import Appointment, Slot


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "site", "duration_minutes", "clinician"]
    list_filter = ["site"]
    date_hierarchy = "starts_at"


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    """Read-only: appointments change through the app's audited services."""

    list_display = ["patient", "slot", "status", "booked_by", "booked_at"]
    list_filter = ["status", "slot__site"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
