from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = pgettext_lazy("news source", "Sources")
