"""Model fields shared by the apps."""

from django.db import models


class URLField(models.URLField):
    """A URL field whose form assumes https:// when the scheme is left out (Django 6's default)."""

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs
