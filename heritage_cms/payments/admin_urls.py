from django.urls import path

from . import admin_views

app_name = "finance"
urlpatterns = [
    path("", admin_views.overview, name="overview"),
    path("payments/", admin_views.payment_index, name="payments"),
    path("payments/<int:pk>/", admin_views.payment_detail, name="payment"),
    path("cards/<int:pk>/", admin_views.card_finance, name="card"),
    path("reconciliation/", admin_views.reconciliation, name="reconciliation"),
]
