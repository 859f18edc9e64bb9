"""The Operations group may triage visitor reports (and enter the admin to do so).

get_or_create throughout: another app may create the same group; whichever migrates first
makes it and the other adds its permissions to it.
"""

from django.db import migrations


def grant(apps, schema_editor):
    from heritage_cms.fieldreports.roles import grant_triage_to_operations

    grant_triage_to_operations(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("fieldreports", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
