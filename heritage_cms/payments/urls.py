"""Language-neutral endpoints: Stripe's webhook and the return page's status poll."""

from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("status/<uuid:reference>.json", views.payment_status, name="status"),
]
