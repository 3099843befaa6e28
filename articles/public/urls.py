"""Public reader pages, feeds included; mounted inside the language prefixes by cms.urls."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog

import articles.public.converters  # noqa: F401  (registers <uslug:>, the Unicode slug converter)
from articles.public import authors, feeds, live, views
from articles.public.cache import public_page

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<int:pk>/<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    # The id alone (a slug cut off when pasted) redirects to the canonical address too.
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="detail_by_id"),
    # A live story: the entries after id <after> or changed since <version> (polled), and its feed.
    path("articles/<int:pk>/live/<int:after>/<int:version>/", live.live_updates, name="live_updates"),
    path("articles/<int:pk>/<uslug:slug>/live.atom", live.live_feed, name="live_feed"),
    path("a/<int:pk>", views.ShortLinkView.as_view(), name="short"),
    path("section/<uslug:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("source/<uslug:slug>/", views.SourceView.as_view(), name="source"),
    path("author/<uslug:slug>/", authors.AuthorView.as_view(), name="author"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("feeds/", views.FeedsView.as_view(), name="feeds"),
    # The strings of the public pages' scripts (static/khabar/live.js), from djangojs.po alone.
    path("jsi18n/", public_page(JavaScriptCatalog.as_view(packages=["articles"])), name="jsi18n"),
    path("feeds/rss/", public_page(feeds.LatestRssFeed()), name="feed_rss"),
    path("feeds/atom/", public_page(feeds.LatestAtomFeed()), name="feed_atom"),
    path("section/<uslug:slug>/rss/", public_page(feeds.SectionRssFeed()), name="section_rss"),
    path("section/<uslug:slug>/atom/", public_page(feeds.SectionAtomFeed()), name="section_atom"),
    path("tag/<uslug:slug>/rss/", public_page(feeds.TagRssFeed()), name="tag_rss"),
    path("tag/<uslug:slug>/atom/", public_page(feeds.TagAtomFeed()), name="tag_atom"),
    path("source/<uslug:slug>/rss/", public_page(feeds.SourceRssFeed()), name="source_rss"),
    path("source/<uslug:slug>/atom/", public_page(feeds.SourceAtomFeed()), name="source_atom"),
    path("author/<uslug:slug>/rss/", public_page(feeds.AuthorRssFeed()), name="author_rss"),
    path("author/<uslug:slug>/atom/", public_page(feeds.AuthorAtomFeed()), name="author_atom"),
]
