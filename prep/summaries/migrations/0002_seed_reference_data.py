from django.db import migrations


def seed(apps, schema_editor):
    from prep.summaries.reference import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("summaries", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
