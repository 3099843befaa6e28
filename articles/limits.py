"""Bounds on the work one public request can ask for: page numbers and search queries.

Public list views call these instead of trusting the query string, so no URL makes the
database count, sort or search without limit.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404
from django.utils.translation import gettext

# A reader never needs page 10 000 of the archive; crawlers that ask get a 404.
MAX_PAGE = getattr(settings, "PUBLIC_MAX_PAGE", 100)
# Longer than any headline anyone types; enough for a pasted sentence.
MAX_QUERY_LENGTH = getattr(settings, "SEARCH_MAX_QUERY_LENGTH", 100)
MAX_QUERY_WORDS = getattr(settings, "SEARCH_MAX_QUERY_WORDS", 10)


def page_number(value: str | None, *, max_page: int = MAX_PAGE) -> int:
    """The page asked for in ``?page=``: 1 when missing, 404 when not a number or beyond ``max_page``."""
    if value is None or value == "":
        return 1
    text = value.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise Http404(gettext("There is no such page."))
    number = int(text)
    if number < 1 or number > max_page:
        raise Http404(gettext("There is no such page."))
    return number


def paginate(object_list, request, *, per_page: int, max_page: int = MAX_PAGE, param: str = "page") -> Page:
    """One page of ``object_list`` for ``request``; 404 beyond the last page or ``max_page``.

    The paginator's count is capped too: only ``per_page * max_page`` rows are ever counted.
    """
    number = page_number(request.GET.get(param), max_page=max_page)
    paginator = Paginator(object_list[: per_page * max_page], per_page)
    try:
        return paginator.page(number)
    except (EmptyPage, PageNotAnInteger):
        # Page 1 of an empty list is still a page (allow_empty_first_page); later ones are not.
        raise Http404(gettext("There is no such page.")) from None


def clean_query(value: str | None, *, max_length: int = MAX_QUERY_LENGTH, max_words: int = MAX_QUERY_WORDS) -> str:
    """A search query with blanks collapsed, cut to ``max_length`` characters and ``max_words`` words."""
    if not value:
        return ""
    words = "".join(ch if ch.isprintable() else " " for ch in value[: max_length * 4]).split()
    return " ".join(words[:max_words])[:max_length].strip()
