"""12-factor settings: the environment alone switches the embedded default to production parts."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "db": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "media": settings.STORAGES["default"]["BACKEND"],
    "media_options": settings.STORAGES["default"].get("OPTIONS", {}),
    "tasks": settings.TASKS["default"]["BACKEND"],
    "private": settings.STORAGES["private"]["BACKEND"],
    "private_options": settings.STORAGES["private"].get("OPTIONS", {}),
    "media_root": str(settings.MEDIA_ROOT),
}, default=str))
"""


def settings_with(env: dict, module: str = "heritage_cms.settings.dev") -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_default_needs_no_server():
    s = settings_with({})
    assert s["db"] == "django.db.backends.sqlite3" and s["db_name"].endswith("heritage.sqlite3")
    assert s["cache"].endswith("LocMemCache")
    assert s["media"].endswith("FileSystemStorage")
    assert s["tasks"] == "django_tasks_db.DatabaseBackend"


def test_environment_selects_postgres_redis_and_s3():
    s = settings_with(
        {
            "DATABASE_URL": "postgres://heritage:secret@db.example.org:5432/heritage",
            "REDIS_URL": "redis://cache.example.org:6379/1",
            "S3_BUCKET": "heritage-media",
            "S3_ENDPOINT_URL": "https://s3.example.org",
        }
    )
    assert s["db"] == "django.db.backends.postgresql" and s["db_name"] == "heritage"
    assert s["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert s["cache_location"] == "redis://cache.example.org:6379/1"
    assert s["media"] == "heritage_cms.core.s3.PublicMediaStorage"
    assert s["media_options"]["bucket_name"] == "heritage-media"
    assert s["media_options"]["endpoint_url"] == "https://s3.example.org"


def test_raw_uploads_have_a_storage_no_public_url_reaches():
    embedded = settings_with({})
    assert embedded["private"].endswith("FileSystemStorage")
    location = embedded["private_options"]["location"]
    assert not location.startswith(embedded["media_root"].rstrip("/") + "/")
    s3 = settings_with({"S3_BUCKET": "heritage-media", "S3_PRIVATE_BUCKET": "heritage-raw"})
    assert s3["private"] == "storages.backends.s3.S3Storage"
    assert s3["private_options"]["bucket_name"] == "heritage-raw"
    assert s3["private_options"]["querystring_auth"] is True
    assert s3["private_options"]["default_acl"] == "private"
    assert s3["private_options"]["custom_domain"] is None


def test_production_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "heritage_cms.settings.production",
            "SECRET_KEY": "",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_up(), reason="needs the Redis server on 127.0.0.1:6379")
def test_redis_cache_round_trip_against_the_real_server():
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "heritage-test"})
    cache.set("greeting", "Xin chào Huế", timeout=30)
    assert cache.get("greeting") == "Xin chào Huế"
    cache.delete("greeting")


@pytest.mark.django_db
def test_every_model_change_has_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
