"""The parts of every public page that are the same on every page of an edition: the stylesheet,
icon and search-engine links of the head, the header's logo and search form, the footer.

They depend only on the language, the address prefix, the code and the settings, none of which
a process sees change while it serves (tests that change a setting empty the memo), so each is
rendered once per language and prefix in each process rather than on every request: a dozen
address look-ups, static-file names and translations less per page.
"""

from django.core.signals import setting_changed
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.translation import get_language

PARTS = ("head", "header", "footer")
_rendered: dict[tuple[str, str, str], str] = {}


def shell_part(name: str) -> str:
    """The rendered part ``name`` (``PARTS``; ``templates/shell/<name>.html``) for the active language."""
    key = (name, get_language(), get_script_prefix())
    found = _rendered.get(key)
    if found is None:
        if name not in PARTS:
            raise ValueError(f"No such part of the page shell: {name!r}")
        found = _rendered[key] = get_template(f"shell/{name}.html").render()
    return found


def _forget(**kwargs) -> None:
    _rendered.clear()


setting_changed.connect(_forget, dispatch_uid="articles.public.shell.forget")
