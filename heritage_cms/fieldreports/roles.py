"""The Operations group and its right to triage visitor reports.

For the data migration (historical models) that first gave the group this right; from then on
``core.roles`` owns the Operations group and grants it again on every migrate and flush. It
creates what it needs with get_or_create, so it never depends on the order in which Django makes
content types and permissions.
"""

OPERATIONS = "Operations"
PERMISSIONS = [
    # (app label, model, codename, name)
    ("fieldreports", "visitorreport", "triage_visitorreport", "Can triage visitor reports"),
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
]


def grant_triage_to_operations(apps) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _created = Group.objects.get_or_create(name=OPERATIONS)
    for app_label, model, codename, name in PERMISSIONS:
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)
