from django.urls import path

from . import views

app_name = "operations"
urlpatterns = [
    path("", views.board_page, name="board"),
    path("data/", views.board_json, name="board_data"),
    path("alerts/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
