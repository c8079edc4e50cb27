from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class Role(models.TextChoices):
    """What a user does in the pathway. Codes are stable; labels may change."""

    REFERRER = "referrer", "Referrer (GP or oncologist)"
    COORDINATOR = "coordinator", "MSCC coordinator"
    CLINICIAN = "clinician", "Clinician (surgeon or oncologist)"
    CLINIC_ADMIN = "clinic_admin", "Clinic administrator"
    SYSTEM_ADMIN = "system_admin", "System administrator"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, email: str | None) -> User:
        """Sign-in matches the email address whatever its case."""
        return self.get(email__iexact=email)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, role=Role.SYSTEM_ADMIN)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in, by email address, with one role."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    role = models.CharField(max_length=20, choices=Role.choices)
    site = models.ForeignKey(
        "clinics.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="The clinic site this user mainly works at, if any.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["role"]

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles


class SignInCounter(models.Model):
    """Password guesses counted against one key, and until when that key is locked.

    Keys (see accounts.lockout): `account:<email>` for browsers the account has not signed
    in from, `account:<email> browser:<id>` for one known browser, `address:<ip>` for one
    client address. A guess is counted before its password is checked. Delete a row to
    lift its lock early.
    """

    key = models.CharField(max_length=400, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.attempts} attempts"
