"""Every sending of the form kept as a Submission; the review moves from the response to the sending it read."""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def sent_responses_as_first_submissions(apps, schema_editor):
    """Each response already sent becomes sending number 1, with its review."""
    Response = apps.get_model("visits", "Response")
    Submission = apps.get_model("visits", "Submission")
    for response in Response.objects.filter(submitted_at__isnull=False).iterator():
        submission = Submission.objects.create(
            response=response,
            number=1,
            submitted_at=response.submitted_at,
            answers=response.answers,
            flags=response.flags,
            urgent=response.urgent,
            reviewed_at=response.reviewed_at,
            reviewed_by_id=response.reviewed_by_id,
        )
        Response.objects.filter(pk=response.pk).update(last_submission=submission)


class Migration(migrations.Migration):

    dependencies = [
        ('visits', '0002_response_urgent'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Submission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('submitted_at', models.DateTimeField()),
                ('answers', models.JSONField(default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('flags', models.JSONField(blank=True, default=list)),
                ('urgent', models.BooleanField(default=False)),
                ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                ('review_note', models.TextField(blank=True, max_length=1000)),
                ('reopened_at', models.DateTimeField(blank=True, null=True)),
                ('reopen_reason', models.TextField(blank=True, max_length=1000)),
                ('reopened_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('response', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='submissions', to='visits.response')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['response', 'number'],
            },
        ),
        migrations.AddField(
            model_name='response',
            name='last_submission',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='visits.submission'),
        ),
        migrations.AddConstraint(
            model_name='submission',
            constraint=models.UniqueConstraint(fields=('response', 'number'), name='one_number_per_submission'),
        ),
        migrations.RunPython(sent_responses_as_first_submissions, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='response',
            name='reviewed_at',
        ),
        migrations.RemoveField(
            model_name='response',
            name='reviewed_by',
        ),
    ]
