from django.urls import path

from . import views

app_name = "ticketoffice"
urlpatterns = [
    path("", views.index, name="index"),
    path("tills/<int:till_pk>/open/", views.open_shift, name="open"),
    path("tills/<int:till_pk>/pair/", views.pair, name="pair"),
    path("shifts/", views.shifts, name="shifts"),
    path("shifts/<int:pk>/", views.shift_detail, name="shift"),
    path("shifts/<int:pk>/sales/", views.sale, name="sale"),
    path("shifts/<int:pk>/cards/", views.start_card, name="start_card"),
    path("shifts/<int:pk>/close/", views.close, name="close"),
    path("shifts/<int:pk>/z-report.pdf", views.z_report, name="z_report"),
    path("sales/<int:sale_pk>/complete/", views.complete_card, name="complete"),
    path("sales/<int:sale_pk>/receipt/", views.receipt, name="receipt"),
]
