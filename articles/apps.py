from django.apps import AppConfig
from django.contrib.auth.signals import user_login_failed
from django.core import checks
from django.db.models.signals import m2m_changed, post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from articles.api import renderings  # noqa: F401  (stores each story's API document)
        from articles.events import receivers as event_receivers  # noqa: F401  (hands committed story events out)
        from articles.newsroom.revisions import register_models
        from articles.newsroom.roles import create_roles, grant_staff_to_role_members
        from articles.ops.checks import check_proxy_count
        from articles.ops.login_throttle import record_failure
        from articles.public import receivers  # noqa: F401  (connects the public-cache invalidation receivers)
        from articles.search import receivers as search_receivers  # noqa: F401  (connects the search-index receivers)

        register_models()
        post_migrate.connect(create_roles, sender=self, dispatch_uid="articles.newsroom.roles.create_roles")
        m2m_changed.connect(
            grant_staff_to_role_members,
            sender=get_user_model().groups.through,
            dispatch_uid="articles.newsroom.roles.grant_staff_to_role_members",
        )
        user_login_failed.connect(record_failure, dispatch_uid="articles.ops.login_throttle.record_failure")
        checks.register(check_proxy_count, checks.Tags.security, deploy=True)
