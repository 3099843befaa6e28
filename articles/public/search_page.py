"""The reader's search page and the OpenSearch description that lets browsers offer it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.generic import TemplateView

from articles.public import fragments, page_parts
from articles.public.limits import RateLimited, over_rate_limit, rate_limited_response
from articles.public.search_forms import ArabicDigitsDateField, SearchForm, filter_choices
from articles.public.views import PublicPageMixin
from articles.search.engine import MAX_PAGE_NUMBER, search_articles
from articles.search.text import MAX_QUERY_LENGTH, clean_query
from sources.site import site_name

SEARCH_RATE_WINDOW = 60
SEARCH_PARAMETERS = ("q", "section", "source", "tag", "language", "date_from", "date_to", "page")


def _one_spelling(name: str, value: str) -> str:
    """``value`` of the search parameter ``name`` as the search reads it; "" when it is ignored anyway."""
    value = value.strip()
    if name == "q":
        return clean_query(value)
    if name == "section":
        return str(int(value)) if value.isascii() and value.isdigit() else ""
    if name == "language":
        return value if value in dict(settings.LANGUAGES) else ""
    if name in ("date_from", "date_to"):
        try:
            day = ArabicDigitsDateField(required=False).clean(value)
        except ValidationError:
            return ""
        return day.isoformat() if day else ""
    if name == "page":
        try:
            number = min(max(int(value), 1), MAX_PAGE_NUMBER)  # as SearchResults.page reads it
        except ValueError:
            return ""
        return "" if number == 1 else str(number)
    return value


def search_parameters(data: QueryDict) -> tuple[tuple[str, str], ...]:
    """The search a query string asks for, spelled one way: in a fixed order, without other
    parameters, blank or ignored values, the words as ``clean_query`` leaves them, dates in ISO
    form, numbers without leading zeros. Every spelling of one search gives the same tuple, which
    keys its kept results and page, and the page is rendered from it alone.
    """
    values = ((name, _one_spelling(name, data.get(name, ""))) for name in SEARCH_PARAMETERS)
    return tuple((name, value) for name, value in values if value)


class SearchView(PublicPageMixin, TemplateView):
    """Search published stories; every query, however odd, answers a normal page.

    Searches are kept (their results and their page) once asked a second time within
    ``SEARCH_CACHE_SECONDS``, for that long, up to ``SEARCH_CACHE_MAX_BYTES``: the variety of
    searches has no bound, and random queries must not fill the cache. Only the searches that
    reach the database count against a client's rate limit.
    """

    template_name = "articles/search.html"
    cache_parameters = SEARCH_PARAMETERS

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.parameters = search_parameters(request.GET)
        request.page_cache_values = self.parameters

    def get(self, request, *args, **kwargs):
        try:
            self.search, keep = fragments.kept_when_asked_again(
                "search",
                self.parameters,
                self.render_search,
                seconds=settings.SEARCH_CACHE_SECONDS,
                max_bytes=settings.SEARCH_CACHE_MAX_BYTES,
            )
        except RateLimited:
            return rate_limited_response(window=SEARCH_RATE_WINDOW)
        # The page around the results is kept on the same terms (articles.public.cache).
        request.page_cache_seconds = settings.SEARCH_CACHE_SECONDS if keep else 0
        request.page_cache_max_bytes = settings.SEARCH_CACHE_MAX_BYTES
        return super().get(request, *args, **kwargs)

    def render_search(self) -> dict:
        """The search form and its results, rendered from the search's one spelling."""
        if over_rate_limit(self.request, "search", limit=settings.SEARCH_RATE_LIMIT, window=SEARCH_RATE_WINDOW):
            raise RateLimited
        data = QueryDict(mutable=True)
        data.update(dict(self.parameters))
        page_number = data.pop("page", [None])[0]
        # The filters' options are kept per content generation and language; the results' sections
        # and sources are the kept ones too, so a new search reads only its matches and their stories.
        form = SearchForm(data or None, choices=fragments.kept("search_choices", (), filter_choices))
        filters = form.filters() if form.is_bound else {}
        query = form.cleaned_data.get("q", "") if form.is_bound else ""
        language = (form.cleaned_data.get("language") if form.is_bound else None) or get_language()
        results = search_articles(query, language=language, **filters)
        page = results.page(page_number, parents=page_parts.with_parents)
        context = {
            "form": form,
            "query": results.query,
            "page_obj": page,
            "paginator": page.paginator,
            "hits": page.object_list,
            "searched": bool(query) or any(value is not None for value in filters.values()),
            "querystring": data.urlencode(),
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
        context["site_name"] = site_name()
        # Translated here: makemessages does not read .xml templates.
        context["description"] = gettext("Search the stories of %(site_name)s") % {"site_name": site_name()}
        context["search_url"] = self.request.build_absolute_uri(reverse("search"))
        return context


search_view = SearchView.as_view()
opensearch_view = OpenSearchView.as_view()
