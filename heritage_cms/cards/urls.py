from django.urls import path

from . import api

app_name = "gates"
urlpatterns = [
    path("taps", api.TapBatchView.as_view(), name="taps"),
    path("heartbeat", api.HeartbeatView.as_view(), name="heartbeat"),
    path("snapshot", api.SnapshotView.as_view(), name="snapshot"),
]
