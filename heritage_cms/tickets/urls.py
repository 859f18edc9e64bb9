"""The visitor's e-ticket pages; included inside i18n_patterns as /<lang>/tickets/."""

from django.urls import path

from . import views

app_name = "tickets"
urlpatterns = [
    path("", views.shop, name="shop"),
    path("buy/<slug:code>/", views.buy, name="buy"),
    path("orders/<uuid:reference>/", views.order, name="order"),
    path("orders/<uuid:reference>/tickets.pdf", views.order_pdf_view, name="pdf"),
    path("orders/<uuid:reference>/<str:code>/", views.ticket_page, name="ticket"),
]
