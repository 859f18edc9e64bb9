"""The triage queue (a viewset with its own menu item) and the staff's photo URL."""

from django.urls import path
from wagtail import hooks

from . import admin_views
from .viewsets import VisitorReportViewSet


@hooks.register("register_admin_viewset")
def register_visitor_reports():
    return VisitorReportViewSet()


@hooks.register("register_admin_urls")
def register_photo_url():
    return [
        path("visitor-reports/<int:pk>/photo/", admin_views.photo, name="fieldreports_photo"),
    ]
