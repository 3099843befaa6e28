"""The newsroom roles: the Writers, Editors and Translators groups and their permissions.

Created after every migrate by a post_migrate receiver (permissions do not exist yet inside a
data migration) and idempotently: running it again only adds what is missing. The per-story
rules (writers edit only their own drafts, translators only the non-Arabic text) live in
articles.newsroom.permissions.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

WRITERS = "Writers"
EDITORS = "Editors"
TRANSLATORS = "Translators"

# Group names are stored in English (stable identifiers) and shown translated.
ROLE_LABELS = {
    WRITERS: _("Writers"),
    EDITORS: _("Editors"),
    TRANSLATORS: _("Translators"),
}

_READ_ONLY_REFERENCE = [
    "articles.view_section",
    "articles.view_tag",
    "articles.view_author",
    "articles.view_contribution",
    "articles.view_picture",
    "sources.view_source",
    "sources.view_disclaimertemplate",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    WRITERS: [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.submit_article",
        "articles.view_ingesteditem",
        # A writer credits a colleague on their own draft.
        "articles.add_contribution",
        "articles.change_contribution",
        "articles.delete_contribution",
        "articles.add_picture",
        "articles.view_galleryitem",
        "articles.add_galleryitem",
        "articles.change_galleryitem",
        "articles.delete_galleryitem",
        # A writer may propose a missing outlet; an editor approves its terms (sources.admin).
        "sources.add_source",
        *_READ_ONLY_REFERENCE,
    ],
    EDITORS: [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.submit_article",
        "articles.edit_any_article",
        "articles.review_article",
        "articles.publish_article",
        "articles.withdraw_article",
        "articles.correct_article",
        "articles.translate_article",
        "articles.view_correction",
        "articles.add_correction",
        "articles.add_section",
        "articles.change_section",
        "articles.add_tag",
        "articles.change_tag",
        # Author profiles and who is credited on a story (issue 20).
        "articles.add_author",
        "articles.change_author",
        "articles.add_contribution",
        "articles.change_contribution",
        "articles.delete_contribution",
        "articles.add_picture",
        "articles.change_picture",
        "articles.view_galleryitem",
        "articles.add_galleryitem",
        "articles.change_galleryitem",
        "articles.delete_galleryitem",
        "sources.add_source",
        "sources.change_source",
        "sources.view_sourcealias",
        "sources.add_sourcealias",
        "sources.change_sourcealias",
        "articles.view_feed",
        "articles.add_feed",
        "articles.change_feed",
        "articles.view_feedrun",
        "articles.view_ingesteditem",
        "articles.change_ingesteditem",
        # The debris rules ingest cleans bodies by: editors know their partners' pages.
        "articles.view_debrisrule",
        "articles.add_debrisrule",
        "articles.change_debrisrule",
        "articles.delete_debrisrule",
        "articles.manage_webhooks",
        "articles.manage_distribution",
        *_READ_ONLY_REFERENCE,
    ],
    TRANSLATORS: [
        "articles.change_article",
        "articles.view_article",
        "articles.translate_article",
        *_READ_ONLY_REFERENCE,
    ],
}


def ensure_roles(*, verbosity: int = 0) -> dict[str, Group]:
    """Create the three role groups with their permissions, adding whatever is missing; return them."""
    for label in ("articles", "sources"):
        # On a fresh database post_migrate may reach us before the permissions of these apps exist.
        create_permissions(global_apps.get_app_config(label), verbosity=verbosity)
    groups: dict[str, Group] = {}
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        query = Q()
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            query |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(query))
        missing = set(codenames) - {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        if missing:
            raise LookupError(f"Permissions missing for role {name}: {', '.join(sorted(missing))}")
        group.permissions.add(*permissions)
        groups[name] = group
    return groups


def create_roles(sender, verbosity: int = 0, **kwargs) -> None:
    """post_migrate receiver: keep the role groups in place after every migrate."""
    ensure_roles(verbosity=verbosity)


def role_label(name: str) -> str:
    """A group's name in the interface language (other groups keep their own names)."""
    return str(ROLE_LABELS.get(name, name))


def is_role(name: str) -> bool:
    return name in ROLE_LABELS


def grant_staff_to_role_members(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """m2m_changed receiver: someone added to a role group can sign in to the admin right away."""
    if action != "post_add" or not pk_set:
        return
    if not reverse:
        if not instance.is_staff and Group.objects.filter(pk__in=pk_set, name__in=ROLE_LABELS).exists():
            type(instance).objects.filter(pk=instance.pk).update(is_staff=True)
            instance.is_staff = True
    elif instance.name in ROLE_LABELS:
        model.objects.filter(pk__in=pk_set, is_staff=False).update(is_staff=True)
