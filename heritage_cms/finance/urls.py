"""The Finance pages that are not model listings (those are viewsets, see ``viewsets``)."""

from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("", views.RevenueView.as_view(), name="overview"),
    path("payments/<int:pk>/", views.payment_detail, name="payment"),
    path("cards/<int:pk>/", views.card_finance, name="card"),
    path("reconciliation/", views.ReconciliationView.as_view(), name="reconciliation"),
]
