import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from heritage_cms.core.tasks import publish_scheduled, synchronize_locale_trees

# (task, every N seconds): periodic work is only enqueued here; the task worker runs it. Apps'
# periodic tasks are named in settings.PERIODIC_TASKS (dotted path → seconds), as core imports
# no app.
SCHEDULE = [(publish_scheduled, 60), (synchronize_locale_trees, 60)]


def schedule() -> list:
    return SCHEDULE + [
        (import_string(path), every)
        for path, every in getattr(settings, "PERIODIC_TASKS", {}).items()
    ]


class Command(BaseCommand):
    help = "Enqueue periodic tasks (publishing, alerts, …) for the task worker; runs forever."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue each task once and exit.")

    def handle(self, *args, once: bool = False, **options):
        tasks = schedule()
        next_run = {task: 0.0 for task, _every in tasks}
        while True:
            now = time.monotonic()
            for task, every in tasks:
                if now >= next_run[task]:
                    task.enqueue()
                    next_run[task] = now + every
            if once:
                return
            time.sleep(min(next_run.values()) - time.monotonic() + 0.05)
