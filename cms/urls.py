"""Khabar URLs: Arabic without a prefix, other languages under /<code>/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import path

from articles.preview import shared_preview_view

urlpatterns = i18n_patterns(
    path("admin/", admin.site.urls),
    path("preview/<str:token>/", shared_preview_view, name="article_preview"),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
