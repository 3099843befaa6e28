"""The newsroom admin, in Arabic and right-to-left by default.

Every workflow button posts to a view of its own that calls the matching service; what a user
may do to a story is decided by ``articles.newsroom.permissions``, here and in the services alike.

    stories.py      the story list and form: columns, filters, who may change what, saving
    story_views.py  the change page's buttons, timeline, revisions, previews and bulk actions
    forms.py        the story form (optimistic locking) and the transition forms
    sections.py     sections and tags (merging tags)
    users.py        users and the newsroom roles, named in the interface language
    ingest.py       feeds, their runs and ingested items
    debris.py       the debris rules ingest removes lines by
    webhooks.py     webhook endpoints and their delivery log
    distribution.py Telegram channels and the log of pushes to Telegram, WebSub hubs and IndexNow
    dashboard.py    the newsroom's front page: queues and figures
    people.py       author profiles and a story's contributors (an inline of its form)
    reads.py        the front page's readers: the most read stories and reads per hour
    api_keys.py     keys of the read API (shown once, stored hashed)
    media.py        the media library: pictures, their credit and rights, focal point
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from taggit.admin import Tag as TaggitTag

from articles.admin import (  # noqa: F401  (each registers its models)
    api_keys,
    debris,
    distribution,
    ingest,
    media,
    people,
    sections,
    stories,
    users,
    webhooks,
)

admin.site.site_header = _("Khabar newsroom")
admin.site.site_title = _("Khabar")
admin.site.index_title = _("Newsroom")

# Khabar keeps its own Tag model (with a normalized Arabic key); taggit's stock one stays unused.
admin.site.unregister(TaggitTag)

# The task queue is shown on the dashboard (waiting, running, failed); django-tasks-db's own
# list of task results is English-only and for developers.
try:
    from django_tasks_db.models import DBTaskResult

    admin.site.unregister(DBTaskResult)
except (ImportError, admin.exceptions.NotRegistered):
    pass
