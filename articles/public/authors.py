"""An author's page: who they are (ProfilePage and Person JSON-LD) and the stories they are credited on."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, gettext

from articles.public import page_parts, selectors
from articles.public.credits import author_path
from articles.public.views import PublicListView
from sources.disclaimers import isolate
from sources.text import clean_text


def profile_page_json_ld(author, *, language: str, url: str, photo_url: str | None) -> dict:
    """schema.org ProfilePage whose main entity is the author as a Person."""
    person = {"@type": "Person", "name": clean_text(author.display_name(language)), "url": url}
    job_title = author.safe_translation_getter("job_title", language_code=language, any_language=True, default="")
    bio = author.safe_translation_getter("bio", language_code=language, any_language=True, default="")
    if job_title:
        person["jobTitle"] = clean_text(job_title)
    if bio:
        person["description"] = clean_text(bio, multiline=True)
    if photo_url:
        person["image"] = photo_url
    if author.link_list():
        person["sameAs"] = author.link_list()
    return {"@context": "https://schema.org", "@type": "ProfilePage", "url": url, "inLanguage": language, "mainEntity": person}


class AuthorView(PublicListView):
    """``/author/<slug>/`` (``/en/author/<slug>/``): the author and their stories, newest first."""

    template_name = "articles/author.html"
    list_kind = "author"

    def list_part(self):
        return self.author.pk

    def get(self, request, *args, **kwargs):
        self.author = page_parts.found("author", kwargs["slug"], lambda: selectors.author_get(slug=kwargs["slug"]))
        return super().get(request, *args, **kwargs)

    def page_paths(self):
        return {code: author_path(self.author.slug, code) for code, _name in settings.LANGUAGES}

    def feed_links(self):
        slug = self.kwargs["slug"]
        name = isolate(self.author.display_name())
        return [
            {
                "type": "application/rss+xml",
                "title": gettext("%(name)s (RSS)") % {"name": name},
                "url": reverse("articles:author_rss", kwargs={"slug": slug}),
            },
            {
                "type": "application/atom+xml",
                "title": gettext("%(name)s (Atom)") % {"name": name},
                "url": reverse("articles:author_atom", kwargs={"slug": slug}),
            },
        ]

    def get_queryset(self):
        return selectors.article_list_for_author(author=self.author, language=get_language())

    def get_context_data(self, **kwargs):
        language, author = get_language(), self.author
        photo_url = self.request.build_absolute_uri(author.photo.url) if author.photo else None
        url = self.request.build_absolute_uri(author_path(author.slug, language))
        return super().get_context_data(
            author=author,
            author_json_ld=profile_page_json_ld(author, language=language, url=url, photo_url=photo_url),
            **kwargs,
        )
