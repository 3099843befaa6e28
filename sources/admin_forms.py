"""Text direction in admin forms, shared by every admin of the project.

An English translation edited inside the Arabic admin must read left-to-right, and free text
(names, titles) should follow what is typed. Translated fields take their language's
direction; other text inputs get ``dir="auto"``; URLs and e-mail addresses are always
left-to-right.
"""

from django import forms
from django.utils.translation import get_language_info

_LTR_ONLY = (forms.URLInput, forms.EmailInput)
_TEXT = (forms.TextInput, forms.Textarea)


def apply_text_direction(form: forms.BaseForm, language: str | None = None, translated: set[str] = frozenset()) -> None:
    """Set ``dir`` (and ``lang``) on ``form``'s text widgets; ``translated`` fields are in ``language``."""
    bidi = get_language_info(language)["bidi"] if language else None
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, _LTR_ONLY):
            widget.attrs["dir"] = "ltr"
        elif name in translated and language and isinstance(widget, _TEXT):
            widget.attrs.update({"lang": language, "dir": "rtl" if bidi else "ltr"})
        elif isinstance(widget, _TEXT):
            widget.attrs.setdefault("dir", "auto")


class TextDirectionAdminMixin:
    """For ModelAdmins (parler's or Django's): every change form gets its text directions."""

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class DirectionalForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                apply_text_direction(
                    self, getattr(self, "language_code", None), set(getattr(self, "_translated_fields", ()))
                )

        DirectionalForm.__name__ = form_class.__name__
        return DirectionalForm


class DirectionalInlineForm(forms.ModelForm):
    """For inlines: free text follows what is typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_text_direction(self)
