"""The newsroom roles: created by migrate, idempotent, and effective as soon as a user joins."""

import pytest
from django.contrib.auth.models import Group

from articles.newsroom.roles import EDITORS, ROLE_PERMISSIONS, TRANSLATORS, WRITERS, ensure_roles, role_label
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_migrate_created_the_three_groups_with_their_permissions():
    for name, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == set(codenames)


def test_ensure_roles_is_idempotent_and_repairs_missing_permissions():
    group = Group.objects.get(name=EDITORS)
    group.permissions.clear()
    first = ensure_roles()
    second = ensure_roles()
    assert Group.objects.filter(name__in=[WRITERS, EDITORS, TRANSLATORS]).count() == 3
    assert first[EDITORS].pk == second[EDITORS].pk == group.pk
    assert group.permissions.count() == len(ROLE_PERMISSIONS[EDITORS])


def test_user_added_to_a_role_gets_its_rights_and_admin_access():
    user = make_user("newcomer")
    assert not user.is_staff
    user.groups.add(Group.objects.get(name=WRITERS))
    user.refresh_from_db()
    assert user.is_staff
    assert user.has_perm("articles.submit_article") and not user.has_perm("articles.publish_article")


def test_role_members_added_from_the_group_side_get_admin_access():
    user = make_user("newcomer")
    Group.objects.get(name=EDITORS).user_set.add(user)
    user.refresh_from_db()
    assert user.is_staff and user.has_perm("articles.publish_article")


@pytest.mark.parametrize(
    ("role", "allowed", "refused"),
    [
        (
            WRITERS,
            {"add_article", "submit_article"},
            {"publish_article", "withdraw_article", "edit_any_article", "translate_article"},
        ),
        (
            EDITORS,
            {"edit_any_article", "review_article", "publish_article", "withdraw_article", "correct_article"},
            {"delete_article"},
        ),
        (
            TRANSLATORS,
            {"change_article", "translate_article"},
            {"add_article", "submit_article", "publish_article", "edit_any_article"},
        ),
    ],
)
def test_role_permissions_match_the_issue(role, allowed, refused):
    user = make_user(f"member-{role}", role=role)
    assert all(user.has_perm(f"articles.{codename}") for codename in allowed)
    assert not any(user.has_perm(f"articles.{codename}") for codename in refused)


def test_group_changelist_shows_role_names_in_the_interface_language(admin_client):
    response = admin_client.get("/admin/auth/group/")
    assert response.status_code == 200
    content = response.content.decode()
    assert all(role_label(name) in content for name in (WRITERS, EDITORS, TRANSLATORS))
