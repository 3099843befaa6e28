"""The reader's search page and the OpenSearch description that lets browsers offer it."""

from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.generic import TemplateView

from articles.public import fragments
from articles.public.limits import RateLimited, over_rate_limit, rate_limited_response
from articles.public.search_forms import SearchForm
from articles.public.views import PublicPageMixin
from articles.search.engine import search_articles
from articles.search.text import MAX_QUERY_LENGTH

SEARCH_RATE_WINDOW = 60


class SearchView(PublicPageMixin, TemplateView):
    """Search published stories; every query, however odd, answers a normal page.

    Answers come from the public page cache when the same search was made recently; only the
    searches that reach the database count against a client's rate limit.
    """

    template_name = "articles/search.html"
    cache_parameters = ("q", "section", "source", "tag", "language", "date_from", "date_to", "page")

    def get(self, request, *args, **kwargs):
        # The same search in the same content generation is answered from the kept parts; only
        # searches that reach the database count against the client's rate limit.
        params = tuple((name, request.GET.get(name, "")) for name in self.cache_parameters)
        try:
            self.search = fragments.kept("search", params, self.render_search)
        except RateLimited:
            return rate_limited_response(window=SEARCH_RATE_WINDOW)
        return super().get(request, *args, **kwargs)

    def render_search(self) -> dict:
        """The search form and its results, rendered."""
        if over_rate_limit(self.request, "search", limit=settings.SEARCH_RATE_LIMIT, window=SEARCH_RATE_WINDOW):
            raise RateLimited
        form = SearchForm(self.request.GET or None)
        filters = form.filters() if form.is_bound else {}
        query = form.cleaned_data.get("q", "") if form.is_bound else ""
        language = (form.cleaned_data.get("language") if form.is_bound else None) or get_language()
        results = search_articles(query, language=language, **filters)
        page = results.page(self.request.GET.get("page"))
        querystring = self.request.GET.copy()
        querystring.pop("page", None)
        context = {
            "form": form,
            "query": results.query,
            "page_obj": page,
            "paginator": page.paginator,
            "hits": page.object_list,
            "searched": bool(query) or any(value is not None for value in filters.values()),
            "querystring": querystring.urlencode(),
            "max_query_length": MAX_QUERY_LENGTH,
        }
        return {
            "query_text": results.query.text,
            "body": get_template("articles/includes/search_body.html").render(context, self.request),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(search=self.search, **kwargs)


class OpenSearchView(TemplateView):
    """The OpenSearch description linked from every page with ``<link rel="search">``."""

    template_name = "articles/opensearch.xml"
    content_type = "application/opensearchdescription+xml; charset=utf-8"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["site_name"] = settings.SITE_NAME
        # Translated here: makemessages does not read .xml templates.
        context["description"] = gettext("Search the stories of %(site_name)s") % {"site_name": settings.SITE_NAME}
        context["search_url"] = self.request.build_absolute_uri(reverse("search"))
        return context


search_view = SearchView.as_view()
opensearch_view = OpenSearchView.as_view()
