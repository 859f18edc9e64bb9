"""Every URL under /admin/, walked from the URL conf, with its arguments filled by real objects.

A URL whose argument nobody knows how to fill is an error naming it, so a new view cannot slip
past the permission matrix for want of an object."""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ADMIN_PREFIX = "admin/"


@dataclass(frozen=True)
class AdminUrl:
    name: str  # "namespace:name", or the route when the pattern has no name
    route: str
    pattern: URLPattern
    namespaces: tuple[str, ...]

    @property
    def arguments(self) -> list[str]:
        return list(self.pattern.pattern.regex.groupindex)

    @property
    def model(self):
        view_initkwargs = getattr(self.pattern.callback, "view_initkwargs", {}) or {}
        model = view_initkwargs.get("model")
        if model is None:
            model = getattr(getattr(self.pattern.callback, "view_class", None), "model", None)
        return model if isinstance(model, type) and issubclass(model, Model) else None


def admin_urls() -> list[AdminUrl]:
    found: list[AdminUrl] = []

    def walk(patterns, prefix: str, namespaces: tuple[str, ...]) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = namespaces + ((entry.namespace,) if entry.namespace else ())
                walk(entry.url_patterns, route, inner)
            elif route.startswith(ADMIN_PREFIX):
                name = ":".join((*namespaces, entry.name)) if entry.name else route
                found.append(AdminUrl(name, route, entry, namespaces))

    walk(get_resolver().url_patterns, "", ())
    seen: dict[str, int] = {}
    unique = []
    for url in found:  # two patterns of one name (with and without an argument) stay apart
        seen[url.name] = seen.get(url.name, 0) + 1
        if seen[url.name] > 1:
            name = f"{url.name}({','.join(url.arguments)})"
            url = AdminUrl(name, url.route, url.pattern, url.namespaces)
        unique.append(url)
    return unique


def build_path(url: AdminUrl, values: dict[str, Any]) -> str:
    """The concrete path, each argument substituted into the pattern chain."""
    kwargs = {name: values[name] for name in url.arguments}
    if url.pattern.name:
        return reverse(":".join((*url.namespaces, url.pattern.name)), kwargs=kwargs or None)
    return "/" + url.route  # unnamed routes carry no arguments here


def content_type_parts(model) -> dict[str, str]:
    content_type = ContentType.objects.get_for_model(model)
    return {"app_label": content_type.app_label, "model_name": content_type.model}
