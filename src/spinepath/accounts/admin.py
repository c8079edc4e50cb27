from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from spinepath.accounts.models import SignInCounter, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "site", "is_active"]
    list_filter = ["role", "site", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "role", "site"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "role", "site", "password1", "password2"]}),
    ]


@admin.register(SignInCounter)
class SignInCounterAdmin(admin.ModelAdmin):
    """Delete a row to unlock an account (or a client address) early."""

    list_display = ["key", "attempts", "last_attempt_at", "locked_until"]
    search_fields = ["key"]
