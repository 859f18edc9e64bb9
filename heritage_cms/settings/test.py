"""The test suite: the same stack as production except fast hashing and throwaway media."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, STORAGES, TASK_QUEUES

# The demo's seed and the TEST MODE Stripe sandbox are what the tests build and pay against.
INSTALLED_APPS = ["heritage_cms.demo", *INSTALLED_APPS]

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="heritage-test-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="heritage-test-static-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="heritage-test-private-"))
STORAGES = {
    **STORAGES,
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Wagtail indexes pages for search in background tasks; run them in-process so a test sees the
# index it just changed. tests/heritage_cms/test_tasks.py proves the database backend + worker.
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "QUEUES": TASK_QUEUES,
    }
}
# The offline engine only: tests never reach for Google.
AUDIO_GUIDES = {"DEFAULT": {"CLASS": "espeak"}, "FALLBACK": None}
AUDIO_GUIDES_CACHE_DIR = Path(tempfile.mkdtemp(prefix="heritage-test-audio-"))
ASSETS_PIPELINE_WORK_DIR = Path(tempfile.mkdtemp(prefix="heritage-test-assets-"))
