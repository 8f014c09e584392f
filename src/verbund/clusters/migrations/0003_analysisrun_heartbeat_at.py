from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0002_analysisrun_updated_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="analysisrun",
            name="heartbeat_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="last heartbeat of its worker"
            ),
        ),
    ]
