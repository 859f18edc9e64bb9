"""Local development and the embedded demo: debug on, everything else from ``base``."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

# The demo (seed_demo, the TEST MODE Stripe sandbox) exists only here and in the tests: first, so
# its run_platform (which adds the sandbox and prints the demo login) overrides core's.
INSTALLED_APPS = ["heritage_cms.demo", *INSTALLED_APPS]

DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
