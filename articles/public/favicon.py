"""``/favicon.ico``: the site's icon where browsers, feed readers and crawlers ask for it.

Pages name ``khabar/favicon.svg``, but many clients ask for ``/favicon.ico`` without reading the
page, and not all of them understand SVG or follow a redirect. The icon is a real ICO (16, 32
and 48 pixels) made with Pillow from ``khabar/logo.png`` the first time it is asked for, then
kept in the process's memory: no build step, and no second copy of the logo to keep in step.
"""

import functools
import hashlib
import io

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import transaction
from django.http import HttpResponse
from django.views.decorators.http import require_safe
from PIL import Image, ImageDraw

LOGO = "khabar/logo.png"
SIZES = [(16, 16), (32, 32), (48, 48)]
# The logo's square has the corners of favicon.svg (rx 14 of 64); outside them the PNG is white,
# which would show as white corners on a dark tab, so they are made transparent.
CORNER_RADIUS = 14 / 64
# The address never changes when the logo does: a week, then the browser asks again (ETag, 304).
MAX_AGE = 7 * 24 * 3600


@functools.cache
def favicon_ico() -> bytes:
    """The ICO bytes of the site's logo, made once per process."""
    # The source folder in development; the collected copy where only STATIC_ROOT is deployed.
    with Image.open(finders.find(LOGO) or staticfiles_storage.path(LOGO)) as logo:
        icon = logo.convert("RGBA")
    mask = Image.new("L", icon.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        [(0, 0), (icon.width - 1, icon.height - 1)], radius=round(icon.width * CORNER_RADIUS), fill=255
    )
    icon.putalpha(mask)
    out = io.BytesIO()
    icon.save(out, format="ICO", sizes=SIZES)
    return out.getvalue()


# No database work: no request-wide transaction (ATOMIC_REQUESTS) to open and close.
@transaction.non_atomic_requests
@require_safe
def favicon(request) -> HttpResponse:
    content = favicon_ico()
    response = HttpResponse(content, content_type="image/x-icon")
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["ETag"] = f'"{hashlib.sha256(content).hexdigest()[:16]}"'
    return response
