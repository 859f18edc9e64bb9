"""The tourist's card pages; included inside i18n_patterns as /<lang>/card/."""

from django.urls import path

from . import views

app_name = "card"
urlpatterns = [
    path("", views.card_lookup, name="lookup"),
    path("<str:token>/", views.card_detail, name="detail"),
    path("<str:token>/payments/<uuid:reference>/", views.payment_done, name="payment"),
]
