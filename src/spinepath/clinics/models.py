from django.db import models


class Site(models.Model):
    """A place where the clinic sees patients."""

    code = models.SlugField(max_length=20, unique=True, help_text="Short stable code, e.g. london")
    name = models.CharField(max_length=100)
    address = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
