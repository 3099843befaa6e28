"""Send the public site's reads to a read replica (when DATABASE_REPLICA_URL configures one).

Only what ``articles.public.cache.public_page`` serves to anonymous readers reads from the replica;
editors, the admin, every write and every read inside a transaction use the primary. Right after
a change the public pages read the primary too (``DATABASE_REPLICA_LAG_SECONDS``), so the page
cached for the new content never comes from a replica that has not caught up yet.
"""

from contextlib import contextmanager
from contextvars import ContextVar

REPLICA = "replica"

_public_read: ContextVar[bool] = ContextVar("khabar_public_read", default=False)


@contextmanager
def public_reads(enabled: bool = True):
    """Within this block, reads may go to the replica (set by public_page for anonymous readers)."""
    token = _public_read.set(enabled)
    try:
        yield
    finally:
        _public_read.reset(token)


class PublicReadRouter:
    def db_for_read(self, model, **hints):
        from django.conf import settings
        from django.db import connections

        if _public_read.get() and REPLICA in settings.DATABASES and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is migrated by replication, never directly.
        return db == "default"
