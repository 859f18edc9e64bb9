"""The public media bucket: django-storages' S3 storage, with the cache lifetime each folder
deserves written on every object it uploads."""

from storages.backends.s3 import S3Storage

from .media import IMMUTABLE_CACHE_CONTROL, IMMUTABLE_PREFIXES


class PublicMediaStorage(S3Storage):
    """Content-addressed folders (guides/, models/) never change meaning, so a CDN and the
    visitor's phone may keep them a year, as the embedded media view says too (core/media.py).
    The content type comes from the name, as S3Storage does (.glb: model/gltf-binary)."""

    def get_object_parameters(self, name: str) -> dict:
        parameters = super().get_object_parameters(name)
        if name.startswith(IMMUTABLE_PREFIXES):
            parameters.setdefault("CacheControl", IMMUTABLE_CACHE_CONTROL)
        return parameters
