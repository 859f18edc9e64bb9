"""Every distinct monument site code becomes one Site row, and every translation of the
monument points to it. Saved revisions and wagtail-localize's stored source copies get the same
change, so restoring a draft or publishing a translation keeps the page's site."""

import json

from django.conf import settings
from django.db import migrations


def _monument_page_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.filter(app_label="heritage_sites", model="monumentpage").first()


def _stored_copies(apps):
    """(object, getter, setter) for each revision and translation source of a monument page."""
    page_type = _monument_page_type(apps)
    if page_type is None:
        return
    Revision = apps.get_model("wagtailcore", "Revision")
    for revision in Revision.objects.filter(content_type=page_type).iterator():
        yield revision, revision.content, lambda r, content: setattr(r, "content", content)
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    for source in TranslationSource.objects.filter(specific_content_type=page_type).iterator():
        content = json.loads(source.content_json)
        yield source, content, lambda s, content: setattr(s, "content_json", json.dumps(content))


def codes_to_sites(apps, schema_editor):
    Site = apps.get_model("heritage_sites", "Site")
    MonumentPage = apps.get_model("heritage_sites", "MonumentPage")
    pages = MonumentPage.objects.exclude(site_code="").select_related("locale")
    # The source language's capacity wins; the field was synchronised, so they agree anyway.
    ordered = sorted(pages, key=lambda p: p.locale.language_code != settings.LANGUAGE_CODE)
    sites = {}
    for page in ordered:
        if page.site_code not in sites:
            sites[page.site_code], _created = Site.objects.get_or_create(
                code=page.site_code, defaults={"capacity": page.capacity}
            )
        page.site = sites[page.site_code]
        page.save(update_fields=["site"])
    for stored, content, store in _stored_copies(apps):
        code = content.pop("site_code", None)
        content.pop("capacity", None)
        if code:
            if code not in sites:
                sites[code], _created = Site.objects.get_or_create(code=code)
            content["site"] = sites[code].pk
        else:
            content["site"] = None
        store(stored, content)
        stored.save()


def sites_to_codes(apps, schema_editor):
    Site = apps.get_model("heritage_sites", "Site")
    MonumentPage = apps.get_model("heritage_sites", "MonumentPage")
    sites = {site.pk: site for site in Site.objects.all()}
    for page in MonumentPage.objects.exclude(site=None):
        site = sites[page.site_id]
        page.site_code, page.capacity = site.code, site.capacity
        page.save(update_fields=["site_code", "capacity"])
    for stored, content, store in _stored_copies(apps):
        site = sites.get(content.pop("site", None))
        content["site_code"] = site.code if site else ""
        content["capacity"] = site.capacity if site else None
        store(stored, content)
        stored.save()


class Migration(migrations.Migration):

    dependencies = [
        ("heritage_sites", "0003_site"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(codes_to_sites, sites_to_codes)]
