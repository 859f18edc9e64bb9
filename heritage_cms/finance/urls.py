from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("payments/", views.payment_index, name="payments"),
    path("payments/<int:pk>/", views.payment_detail, name="payment"),
    path("cards/<int:pk>/", views.card_finance, name="card"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
]
