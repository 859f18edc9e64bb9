"""The periodic evaluation of alerts, enqueued every minute by ``run_scheduler``."""

from django.tasks import task

from . import alerts, notify


@task(queue_name="default")
def evaluate_alerts() -> dict[str, int]:
    result = alerts.evaluate()
    for alert in result.opened:
        notify.deliver(alert)
    return {"opened": len(result.opened), "closed": result.closed, "open": result.still_open}
