"""The IndexNow key file, ``/{INDEXNOW_KEY}.txt``: search engines read it to trust the site's submissions.

Only the configured key answers (as UTF-8 text, the key alone); any other ``/….txt`` is a 404, and
with no key set there is no key file at all.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.crypto import constant_time_compare


def indexnow_key(request, key: str) -> HttpResponse:
    if not settings.INDEXNOW_KEY or not constant_time_compare(key, settings.INDEXNOW_KEY):
        raise Http404
    response = HttpResponse(settings.INDEXNOW_KEY, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
