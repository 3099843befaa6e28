"""HTTP around the documents: JSON bodies, validators, conditional answers and caching headers.

An answer's validators come from the public site's content generation (``public.cache``): its
``ETag`` names the generation, the address asked for and who may see what, its ``Last-Modified``
is the generation's start. So a conditional request is answered ``304`` before any query, and
the same change that retires the site's cached pages (and purges the CDN's surrogate key)
changes every API answer too. Answers for keys that may read under embargo are private.
"""

import hashlib
import json
from urllib.parse import urlencode

from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from articles.api.access import Client
from articles.public.cache import Generation, current_generation, public_headers

JSON_TYPE = "application/json; charset=utf-8"


def dumps(data) -> str:
    """The API's JSON: Arabic as it is, not as \\u escapes (a third of the size, and readable with
    curl), no spaces. Every response and stored document is written by this one function."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def json_response(data, *, status: int = 200) -> HttpResponse:
    return HttpResponse(dumps(data), status=status, content_type=JSON_TYPE)


def json_text_response(body: str, *, status: int = 200) -> HttpResponse:
    """A JSON body already written (a stored document)."""
    return HttpResponse(body, status=status, content_type=JSON_TYPE)


def error_response(detail: str, *, status: int) -> HttpResponse:
    return json_response({"detail": str(detail)}, status=status)


class Conditional:
    """The validators of one request's answer, and the 304 when the client holds it already."""

    def __init__(self, request, client: Client):
        self.request = request
        self.client = client
        self.generation: Generation = current_generation()
        query = urlencode(sorted(request.GET.items()))
        raw = f"{self.generation.token}:{request.get_host()}:{request.path}?{query}:{int(client.embargo)}"
        self.etag = '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'
        self.last_modified = int(self.generation.changed_at)

    def not_modified(self) -> HttpResponse | None:
        """304 when the client's copy is current (If-None-Match, else If-Modified-Since); else None."""
        response = get_conditional_response(self.request, etag=self.etag, last_modified=self.last_modified)
        if response is not None:
            self.finish(response)
        return response

    def finish(self, response: HttpResponse) -> HttpResponse:
        """Validators and caching headers, as the public pages have them (or private, under embargo)."""
        if response.status_code in (200, 304, 410):
            response["ETag"] = self.etag
            response["Last-Modified"] = http_date(self.last_modified)
        if self.client.embargo:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            public_headers(response, self.generation)
        patch_vary_headers(response, ("X-Api-Key", "Authorization"))
        return response


def next_link(request, **changes) -> str:
    """This request's absolute address with ``changes`` to its parameters (the next page's cursor)."""
    params = dict(request.GET.items())
    params.update({name: value for name, value in changes.items() if value is not None})
    return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")


def list_response(items: list, next_url: str | None) -> HttpResponse:
    """``{"items": [...], "next": URL or null}``, with ``next`` repeated in a Link header."""
    return _with_next(json_response({"items": items, "next": next_url}), next_url)


def document_list_response(documents: list[str], next_url: str | None) -> HttpResponse:
    """``list_response`` of documents already written as JSON text."""
    body = '{"items":[' + ",".join(documents) + '],"next":' + dumps(next_url) + "}"
    return _with_next(json_text_response(body), next_url)


def _with_next(response: HttpResponse, next_url: str | None) -> HttpResponse:
    if next_url:
        response["Link"] = f'<{next_url}>; rel="next"'
    return response
