import time

from django.core.management.base import BaseCommand

from heritage_cms.core.tasks import publish_scheduled, synchronize_locale_trees

# (task, every N seconds): periodic work is only enqueued here; the task worker runs it.
SCHEDULE = [(publish_scheduled, 60), (synchronize_locale_trees, 60)]


class Command(BaseCommand):
    help = "Enqueue periodic tasks (scheduled publishing, …) for the task worker; runs forever."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue each task once and exit.")

    def handle(self, *args, once: bool = False, **options):
        next_run = {task: 0.0 for task, _every in SCHEDULE}
        while True:
            now = time.monotonic()
            for task, every in SCHEDULE:
                if now >= next_run[task]:
                    task.enqueue()
                    next_run[task] = now + every
            if once:
                return
            time.sleep(min(next_run.values()) - time.monotonic() + 0.05)
