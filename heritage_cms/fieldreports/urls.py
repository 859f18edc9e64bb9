"""The visitor's pages, inside i18n_patterns: /<lang>/report/ and /<lang>/report/<reference>/."""

from django.urls import path

from . import views

app_name = "fieldreports"
urlpatterns = [
    path("", views.new_report, name="new"),
    path("<str:reference>/", views.report_status, name="status"),
]
