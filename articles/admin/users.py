"""Users and the newsroom role groups, named in the interface language."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from articles.newsroom.roles import is_role, role_label
from sources.admin_busy import DatabaseBusyAdminMixin
from sources.admin_display import boolean_column

User = get_user_model()

admin.site.unregister(Group)
admin.site.unregister(User)


def full_name(user) -> str:
    """A person as the newsroom knows them: their full name, else their username; "—" for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


class PeopleFilter(admin.RelatedOnlyFieldListFilter):
    """Filter by a person (a story's author), listed by full name."""

    def field_choices(self, field, request, model_admin):
        User = get_user_model()
        people = User.objects.filter(pk__in=[pk for pk, _name in super().field_choices(field, request, model_admin)])
        return sorted(((person.pk, full_name(person)) for person in people), key=lambda choice: choice[1])


class _ShownAs:
    """An object with another name: Django's row checkbox reads a row's name from ``str(obj)``."""

    def __init__(self, obj, name: str):
        self.pk, self.name = obj.pk, name

    def __str__(self) -> str:
        return self.name


class RoleFilter(admin.RelatedFieldListFilter):
    """The user list's filter by group, naming the newsroom roles in the interface language."""

    def field_choices(self, field, request, model_admin):
        return [(pk, role_label(name)) for pk, name in Group.objects.order_by("name").values_list("pk", "name")]


@admin.register(User)
class NewsroomUserAdmin(DatabaseBusyAdminMixin, UserAdmin):
    """Users, with the newsroom roles named in the interface language in the filter and the form."""

    list_display = ["username", "email", "first_name", "last_name", boolean_column(User, "is_staff")]
    list_filter = ["is_staff", "is_superuser", "is_active", ("groups", RoleFilter)]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = lambda group: role_label(group.name)
        return field


@admin.register(Group)
class RoleGroupAdmin(DatabaseBusyAdminMixin, GroupAdmin):
    """Groups, with the newsroom roles shown in the interface language."""

    list_display = ["display_name", "member_count"]

    def action_checkbox(self, obj: Group) -> str:
        return super().action_checkbox(_ShownAs(obj, self.display_name(obj)))

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("user"))

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, obj: Group) -> str:
        return role_label(obj.name) if is_role(obj.name) else obj.name

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj: Group) -> int:
        return obj.member_total
