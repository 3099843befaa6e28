"""A story's contributors as readers, feeds and search engines see them, read from the credits
kept on the story (``Article.credits``), so naming them costs no query."""

from django.utils.translation import gettext, pgettext

from articles.models import Contribution, credit_name
from articles.public.links import page_path
from sources.text import clean_text

# ninjs ``people[].rel`` for each role (the person's relation to the story).
NINJS_REL = {
    Contribution.Role.WRITER: "author",
    Contribution.Role.REPORTING: "reporter",
    Contribution.Role.TRANSLATION: "translator",
    Contribution.Role.PHOTOS: "photographer",
    Contribution.Role.EDITING: "editor",
}

# schema.org property of a NewsArticle for each role: writers and reporters are its authors.
JSON_LD_PROPERTY = {
    Contribution.Role.WRITER: "author",
    Contribution.Role.REPORTING: "author",
    Contribution.Role.TRANSLATION: "translator",
    Contribution.Role.PHOTOS: "contributor",
    Contribution.Role.EDITING: "editor",
}


def role_label(role: str) -> str:
    """What precedes the names of one role's contributors: "By", "Translated by", ..."""
    labels = {
        Contribution.Role.WRITER: pgettext("credit line", "By"),
        Contribution.Role.REPORTING: pgettext("credit line", "Reporting by"),
        Contribution.Role.TRANSLATION: pgettext("credit line", "Translated by"),
        Contribution.Role.PHOTOS: pgettext("credit line", "Photos by"),
        Contribution.Role.EDITING: pgettext("credit line", "Edited by"),
    }
    return labels.get(role, labels[Contribution.Role.WRITER])


def author_path(slug: str, language: str) -> str:
    return page_path(language, "articles:author", slug=slug)


def credit_people(credits: list[dict], language: str) -> list[dict]:
    """Each contributor once per role, in order: ``{"name", "path", "role", "links"}``."""
    return [
        {
            "name": clean_text(credit_name(credit, language)),
            "path": author_path(credit["slug"], language),
            "role": credit["role"],
            "links": credit.get("links", []),
        }
        for credit in credits or ()
    ]


def credit_lines(credits: list[dict], language: str) -> list[dict]:
    """The credit lines of a story's page: one per role, in the order roles first appear."""
    lines: dict[str, dict] = {}
    for person in credit_people(credits, language):
        line = lines.setdefault(person["role"], {"label": role_label(person["role"]), "people": []})
        line["people"].append(person)
    return list(lines.values())


def credit_names(credits: list[dict], language: str) -> list[str]:
    """Every contributor's name once, in order (a feed's ``dc:creator`` elements, the API's ``by``)."""
    names: list[str] = []
    for person in credit_people(credits, language):
        if person["name"] and person["name"] not in names:
            names.append(person["name"])
    return names


def person_json_ld(person: dict, absolute) -> dict:
    """schema.org Person for one contributor; ``absolute`` turns a path into an address."""
    data = {"@type": "Person", "name": person["name"], "url": absolute(person["path"])}
    if person["links"]:
        data["sameAs"] = person["links"]
    return data


def credits_json_ld(credits: list[dict], language: str, absolute) -> dict[str, list[dict]]:
    """``{"author": [Person], "translator": [...], ...}`` for a NewsArticle."""
    found: dict[str, list[dict]] = {}
    for person in credit_people(credits, language):
        people = found.setdefault(JSON_LD_PROPERTY.get(person["role"], "contributor"), [])
        data = person_json_ld(person, absolute)
        if data not in people:
            people.append(data)
    return found



def credits_statement(credits: list[dict], language: str) -> str:
    """The credits in words, as a byline reads ("By A, B; Translated by C")."""
    return gettext("; ").join(
        f"{line['label']} {gettext(', ').join(person['name'] for person in line['people'])}" for line in credit_lines(credits, language)
    )


def ninjs_people(credits: list[dict], language: str, absolute) -> list[dict]:
    """ninjs ``people``: each contributor with their relation to the story and their page's address."""
    return [
        {"name": person["name"], "rel": NINJS_REL.get(person["role"], "contributor"), "uri": absolute(person["path"])}
        for person in credit_people(credits, language)
    ]
