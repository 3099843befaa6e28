from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolsConfig(AppConfig):
    """Not the product: the benchmark harness and the demo data, with their commands."""

    name = "tools"
    verbose_name = _("Tools")
