"""Local development and the embedded demo: debug on, everything else from ``base``."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
