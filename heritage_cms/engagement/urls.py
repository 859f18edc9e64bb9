"""The visitor-side endpoint, outside the language prefix: ``/engagement/events/``."""

from django.urls import path

from . import beacon

app_name = "engagement"
urlpatterns = [path("events/", beacon.beacon, name="beacon")]
