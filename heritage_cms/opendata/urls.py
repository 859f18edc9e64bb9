from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("collection.jsonld", views.collection_jsonld, name="collection_jsonld"),
    path("collection.csv", views.collection_csv, name="collection_csv"),
    path("daily-entries.json", views.daily_entries_json, name="daily_entries_json"),
    path("daily-entries.csv", views.daily_entries_csv, name="daily_entries_csv"),
]
