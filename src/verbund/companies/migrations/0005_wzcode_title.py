"""WzCode.title_de -> title: the project's one scheme for German/English fields (`title`, `title_en`)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("companies", "0004_importjob_heartbeat")]

    operations = [
        migrations.RenameField(model_name="wzcode", old_name="title_de", new_name="title"),
    ]
