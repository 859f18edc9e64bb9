from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("collection.jsonld", views.collection_jsonld, name="collection_jsonld"),
    path("collection.csv", views.collection_csv, name="collection_csv"),
]
