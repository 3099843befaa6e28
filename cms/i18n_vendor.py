"""Strings that third-party packages show in our admin without an Arabic catalog of their own.

django-parler ships no Arabic translation, so its admin strings are listed here with
gettext_noop: `make messages` then keeps them in our catalog, where they are translated.
This module is never imported at run time; gettext finds the strings by their msgids.
"""

from django.utils.translation import gettext_noop

PARLER = [
    gettext_noop("Languages"),
    gettext_noop("Language"),
    gettext_noop("{0} translation of {1}"),
    gettext_noop('The %(name)s "%(obj)s" was deleted successfully.'),
    gettext_noop("{0} Translation"),
    gettext_noop("Cannot delete %(name)s"),
    gettext_noop("Are you sure?"),
    gettext_noop("Delete Translation"),
    gettext_noop(
        "Deletion of the %(language_name)s translation of %(object_name)s '%(escaped_object)s' is not allowed, "
        "because it is the last available translation of this instance."
    ),
]
