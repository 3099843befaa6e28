"""Application configs for third-party apps whose admin name needs to be translatable.

django-axes names its admin section after its label ("Axes"), which no catalog translates;
this config, listed in INSTALLED_APPS instead of "axes", gives it a translatable name, as
Django's documentation suggests for renaming a third-party app.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login attempts")
