# AudioGuide takes core's ProcessingJob fields: generated_at is renamed (rows keep their
# value); the rest only gain verbose names and leave the form.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0002_recordings_in_private_storage"),
    ]

    operations = [
        migrations.RenameField(
            model_name="audioguide",
            old_name="generated_at",
            new_name="processed_at",
        ),
        migrations.AlterField(
            model_name='audioguide',
            name='message',
            field=models.TextField(blank=True, editable=False, verbose_name='message'),
        ),
        migrations.AlterField(
            model_name='audioguide',
            name='processed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='processed'),
        ),
        migrations.AlterField(
            model_name='audioguide',
            name='reason',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='reason'),
        ),
        migrations.AlterField(
            model_name='audioguide',
            name='status',
            field=models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', editable=False, max_length=16, verbose_name='status'),
        ),
    ]
