"""Background work runs through django.tasks on the django-tasks-db backend and its worker."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import ReferenceIndex
from wagtail.tasks import update_reference_index_task

from heritage_cms.core.tasks import publish_scheduled
from heritage_cms.settings.base import TASK_QUEUES
from heritage_cms.tours.factories import TourPageFactory, TourStopFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_our_task_and_wagtails_task_run_through_the_database_worker(home, monument):
    # Ours: a page scheduled to go live a moment ago.
    monument.title = "Lăng Minh Mạng (đã lên lịch)"
    revision = monument.save_revision()
    revision.approved_go_live_at = timezone.now() - timezone.timedelta(seconds=1)
    revision.save()
    ours = publish_scheduled.enqueue()

    # Wagtail's own, imported from the django_tasks backport: index what a tour refers to.
    tour = TourPageFactory(parent=home)
    TourStopFactory(tour=tour, target=monument)
    ReferenceIndex.objects.all().delete()
    wagtails = update_reference_index_task.enqueue("tours", "tourpage", tour.pk)

    assert DBTaskResult.objects.filter(id__in=[ours.id, wagtails.id], status="READY").count() == 2
    monument.refresh_from_db()
    assert monument.title == "Lăng Minh Mạng", "nothing runs until the worker does"

    call_command("db_worker", "--batch", "--no-reload", "--interval", "0")

    ours.refresh()
    wagtails.refresh()
    assert ours.status == wagtails.status == "SUCCESSFUL"
    assert ours.return_value == {"published": 1, "unpublished": 0}
    monument.refresh_from_db()
    assert monument.title == "Lăng Minh Mạng (đã lên lịch)"
    assert ReferenceIndex.get_references_to(monument).filter(object_id=str(tour.pk)).exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_scheduler_enqueues_periodic_work_for_the_worker(db):
    call_command("run_scheduler", "--once")
    assert DBTaskResult.objects.filter(
        task_path="heritage_cms.core.tasks.publish_scheduled"
    ).exists()
