"""Admin forms: the article form with optimistic locking, and the transition inputs."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from parler.forms import TranslatableModelForm

from articles.models import Article
from articles.models.sanitize import collapse_space
from articles.newsroom.headlines import known_labels, slug_is_fixed, split_label
from sources.arabic import arabic_slugify

# Arabic-Indic and Persian digits typed into date fields are read as Western digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _formfield(field, **kwargs):
    # Typed addresses without a scheme are taken as https:// (Django 6's default, chosen now).
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ArticleAdminForm(TranslatableModelForm):
    """The story form. A hidden version number refuses a save made over someone else's newer one."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    keep_headline_as_typed = forms.BooleanField(
        label=_("Keep the headline as typed"),
        required=False,
        help_text=_("A section or site label typed before the headline (“Syria news: …”) is taken out on saving, "
                    "since the section is shown beside it. Tick to keep it."),
    )

    class Meta:
        model = Article
        fields = "__all__"
        formfield_callback = _formfield
        widgets = {"seo_description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The version the form was opened on (and, posted, the one loaded now): a save that posts it
        # back unchanged has not changed it (``has_changed``: no ``story.updated`` for a mere Save).
        self.fields["version"].initial = self.instance.version
        if "byline" in self.fields:
            self.fields["byline"].help_text = _(
                "Leave empty to credit the contributors listed below, each linked to their page; "
                "what is typed here is shown instead of their names."
            )
        # Each translation's text boxes take that language's direction, whatever the interface's.
        language = getattr(self, "language_code", None)
        if language:
            direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
            for name in self._meta.model._parler_meta.get_all_fields():
                if name in self.fields:
                    # The browser's spelling check, in the translation's language (every browser has Arabic).
                    self.fields[name].widget.attrs.update({"dir": direction, "lang": language, "spellcheck": "true"})

    def clean(self):
        cleaned = super().clean()
        self._clean_headline(cleaned)
        if self.instance.pk is None:
            return cleaned
        if cleaned.get("version") is None:
            raise forms.ValidationError(
                gettext("This form is missing its version number. Reload the page, then make your changes again."),
                code="no_version",
            )
        # Inside the admin's transaction the row stays locked until the save, so nothing slips in between.
        rows = Article.objects.select_for_update() if transaction.get_connection().in_atomic_block else Article.objects
        current = rows.filter(pk=self.instance.pk).values("version", "updated_by", "updated_at").first()
        if current is not None and current["version"] != cleaned["version"]:
            user = get_user_model().objects.filter(pk=current["updated_by"]).first()
            name = (user.get_full_name() or user.get_username()) if user else gettext("someone")
            when = formats.date_format(timezone.localtime(current["updated_at"]), "DATETIME_FORMAT")
            # The next save is a deliberate overwrite: the form now carries the newer version number.
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = str(current["version"])
            raise forms.ValidationError(
                gettext(
                    "%(user)s changed this story on %(time)s, after you opened it. Your changes have not "
                    "been saved and are still in the form below. Open the story in a new tab to see their "
                    "version; saving this form again will replace it with yours."
                )
                % {"user": name, "time": when},
                code="stale",
            )
        return cleaned


    def _clean_headline(self, cleaned: dict) -> None:
        """Take a known label out of the headline, and let the slug follow the headline until publication."""
        self.label_taken_out = ""
        title = cleaned.get("title")
        if not title:
            return
        if not cleaned.get("keep_headline_as_typed"):
            title, self.label_taken_out = split_label(title, known_labels())
            cleaned["title"] = title
        old_title, old_slug = self.initial.get("title") or "", self.initial.get("slug") or ""
        typed_slug = cleaned.get("slug") or ""
        follows = not old_slug or old_slug == (arabic_slugify(old_title) or "article")
        if (
            self.instance.pk is not None
            and typed_slug == old_slug
            and follows
            and collapse_space(title) != collapse_space(old_title)
            and not slug_is_fixed(self.instance)
        ):
            cleaned["slug"] = ""  # made again from the new headline when the translation is saved


class LocalDateTimeField(forms.DateTimeField):
    """A date and time in the site's time zone, accepting Arabic-Indic digits."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.translate(_DIGITS).strip()
        return super().to_python(value)


class TransitionForm(forms.Form):
    """What a transition button posts: an optional comment and, for scheduling, the time."""

    comment = forms.CharField(label=_("comment"), required=False, max_length=2000)
    publish_at = LocalDateTimeField(
        label=_("publication time"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


class WithdrawSelectedForm(forms.Form):
    """The reason asked for before withdrawing several stories at once."""

    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
