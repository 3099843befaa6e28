"""Signals other parts of Khabar listen to; sent only after the change is committed."""

from django.dispatch import Signal

# Sent with ``article`` (fresh from the database), ``action`` (a workflow Action or event kind),
# ``from_state``, ``to_state`` and ``by`` once a transition's transaction has committed.
# Receivers purge caches, ping search engines and the like; they never change the story.
article_transitioned = Signal()
