"""The shapes the OpenAPI document describes (answers are written by ``documents``, not these)."""

from ninja import Schema
from pydantic import ConfigDict


class Text(Schema):
    role: str | None = None
    contenttype: str | None = None
    value: str


class Body(Text):
    wordcount: int | None = None
    charcount: int | None = None


class Party(Schema):
    """An infosource or a subject: a name, its address and what it is to the story."""

    name: str | None = None
    uri: str | None = None
    role: str | None = None
    rel: str | None = None
    literal: str | None = None


class RightsInfo(Schema):
    linkedrights: str | None = None
    encodedrights: str | None = None


class NinjsDocument(Schema):
    """A story as an IPTC ninjs 2.2 document; associations (the lead image, the original article) are ninjs too."""

    model_config = ConfigDict(extra="allow")

    uri: str
    type: str = "text"
    version: str
    versioncreated: str
    firstcreated: str | None = None
    contentcreated: str | None = None
    embargoed: str | None = None
    language: str
    pubstatus: str
    headlines: list[Text] = []
    descriptions: list[Text] = []
    bodies: list[Body] = []
    by: str | None = None
    located: str | None = None
    subjects: list[Party] = []
    infosources: list[Party] = []
    associations: list[dict] = []
    copyrightholder: str | None = None
    copyrightnotice: str | None = None
    usageterms: str | None = None
    rightsinfo: RightsInfo | None = None


class Tombstone(Schema):
    uri: str
    version: str
    pubstatus: str
    versioncreated: str


class StoryList(Schema):
    items: list[NinjsDocument]
    next: str | None


class Error(Schema):
    detail: str


class SectionOut(Schema):
    id: int
    name: str
    slug: str
    uri: str


class TagOut(Schema):
    name: str
    slug: str
    uri: str


class TagList(Schema):
    items: list[TagOut]
    next: str | None


class SourceOut(Schema):
    slug: str
    name: str
    kind: str
    homepage: str
    uri: str
    usageterms: str
