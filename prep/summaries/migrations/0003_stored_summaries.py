"""Stored summaries (one per sending) and the version stamp of the reference data."""

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('summaries', '0002_seed_reference_data'),
        ('visits', '0003_submissions'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReferenceStamp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=0)),
                ('changed_at', models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.CreateModel(
            name='StoredSummary',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fingerprint', models.CharField(max_length=64)),
                ('data', models.JSONField(encoder=django.core.serializers.json.DjangoJSONEncoder, help_text='The summary as plain data.')),
                ('html', models.TextField(help_text='The summary as the staff page shows it (without the live notices).')),
                ('pdf', models.BinaryField()),
                ('pages', models.PositiveIntegerField()),
                ('flags', models.JSONField(default=list)),
                ('built_at', models.DateTimeField()),
                ('reference_version', models.PositiveIntegerField(default=0)),
                ('code_version', models.CharField(blank=True, max_length=16)),
                ('submission', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='stored_summary', to='visits.submission')),
            ],
            options={
                'verbose_name_plural': 'stored summaries',
            },
        ),
    ]
