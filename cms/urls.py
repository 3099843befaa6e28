"""Khabar URLs: Arabic without a prefix, other languages under /<code>/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from articles.ops.health import healthz
from articles.public.beacon import read_beacon
from articles.public.cache import public_page
from articles.public.favicon import favicon
from articles.public.indexnow_key import indexnow_key
from articles.public.preview import shared_preview_view
from articles.public.sitemaps import NEWS_SITEMAPS, SITEMAPS, kept_document
from articles.public.views import robots_txt

# Outside the language prefixes: crawlers and probes ask for these at fixed addresses, never redirected.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The read API (articles.api): one address for every language, chosen with ?language=.
    path("api/v1/", include("articles.api.urls")),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    # IndexNow keys are 8-128 letters, digits and dashes.
    re_path(r"^(?P<key>[A-Za-z0-9-]{8,128})\.txt$", indexnow_key, name="indexnow_key"),
    # "Most read": a story page's script counts one read (answered early by ReadBeaconMiddleware).
    path("reads/<int:pk>/<str:token>", read_beacon, name="read_beacon"),
    path(
        "sitemap.xml",
        public_page(kept_document(sitemap_views.index)),
        {"sitemaps": SITEMAPS | NEWS_SITEMAPS, "sitemap_url_name": "sitemap"},
        name="sitemap_index",
    ),
    path(
        "sitemap-news.xml",
        public_page(kept_document(sitemap_views.sitemap)),
        {"sitemaps": NEWS_SITEMAPS, "section": "news", "template_name": "articles/sitemap_news.xml"},
        name="sitemap_news",
    ),
    path("sitemap-<section>.xml", public_page(kept_document(sitemap_views.sitemap)), {"sitemaps": SITEMAPS}, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("preview/<str:token>/", shared_preview_view, name="article_preview"),
    path("", include("articles.public.search_urls")),
    path("", include("articles.public.urls")),
    prefix_default_language=False,
)

if settings.BENCH_FLOOR_VIEW:
    from tools.bench.views import floor_view

    urlpatterns.insert(0, path("bench/floor/", floor_view, name="bench_floor"))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "articles.public.views.page_not_found"
