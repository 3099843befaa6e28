"""The newsroom: the only writers of workflow state, and the rules they follow.

    services.py     one function per transition (submit, publish, schedule, withdraw, ...)
    checks.py       everything that stands between a story and publication (attribution, terms)
    permissions.py  who may take which action on which story
    roles.py        the Writers, Editors and Translators groups and their permissions
    revisions.py    the story's saved versions, their comparison and restoring
    signals.py      ``article_transitioned``, sent after a transition commits
    tagging.py      how the admin's tag input is split into tags
"""
