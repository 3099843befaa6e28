"""A story event committed to the outbox is handed out at once (at its due time when scheduled).

Connected in ``ArticlesConfig.ready``. The enqueue waits for the commit, so an event whose
transaction rolled back is never seen; if the queue is unreachable, the sweep catches up.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.events.tasks import dispatch_event
from articles.models import StoryEvent
from sources.tasking import enqueue_on_commit


@receiver(post_save, sender=StoryEvent, dispatch_uid="articles.events.receivers.story_event_written")
def story_event_written(sender, instance: StoryEvent, created: bool, **kwargs) -> None:
    if created:
        later = instance.due_at if instance.due_at > instance.occurred_at else None
        enqueue_on_commit(dispatch_event, instance.pk, run_after=later)
