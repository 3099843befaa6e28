"""URLs of the reader's search (included inside i18n_patterns, so /en/search/ searches in English)."""

from django.urls import path

from articles.public.search_page import opensearch_view, search_view

urlpatterns = [
    path("search/", search_view, name="search"),
    path("opensearch.xml", opensearch_view, name="opensearch"),
]
