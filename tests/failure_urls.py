"""A stand-in public page that reads the database, for the failure tests (the real ones come at merge)."""

from django.http import HttpResponse
from django.urls import path

from articles.models import Section
from cms.urls import urlpatterns as site_urlpatterns


def sections(request):
    names = ", ".join(section.display_name() for section in Section.objects.all())
    return HttpResponse(f"<!doctype html><title>أقسام</title><p>{names}</p>")


urlpatterns = [path("sections/", sections), *site_urlpatterns]
