"""An admin form saved while the database is busy comes back with its input, never lost.

On SQLite one connection writes at a time; a save waits for the one before it (the busy
timeout, ``SQLITE_TIMEOUT``). When the wait runs out, ``articles.ops.middleware`` does not
answer the outage page: it marks the request ``database_busy`` and serves it again, reading
only. The admins of the project then show the form as posted, with a message, and save
nothing (409); the editor saves again a moment later.
"""

from django import forms
from django.utils.translation import gettext


def database_busy_message() -> str:
    return gettext(
        "The database was busy with another save for too long, so your changes have not been saved. "
        "They are still in the form below: save again in a moment."
    )


class DatabaseBusyAdminMixin:
    """For ModelAdmins (parler's or Django's): a form posted while the database was busy is shown back."""

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        if not getattr(request, "database_busy", False):
            return form_class

        class BusyForm(form_class):
            def clean(self):
                self.add_error(None, forms.ValidationError(database_busy_message(), code="database_busy"))
                return super().clean()

        BusyForm.__name__ = form_class.__name__
        return BusyForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and getattr(request, "database_busy", False) and response.status_code == 200:
            response.status_code = 409  # nothing was saved: the request conflicted with another save
        return response
