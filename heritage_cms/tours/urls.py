"""Visitor URLs of tours, inside the language prefix (/vi/stops/, /en/tours/<slug>/offline.json)."""

from django.urls import path

from . import views

urlpatterns = [
    path("stops/", views.stop_keypad, name="stop_keypad"),
    path("stops/<str:code>/", views.stop_by_code, name="stop_by_code"),
    path("tours/<slug:slug>/offline.json", views.offline_pack, name="tour_offline_pack"),
]
