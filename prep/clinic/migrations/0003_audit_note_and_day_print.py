"""Audit events carry what staff wrote; one event per patient of a day print."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('clinic', '0002_clinic_staff_group'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='note',
            field=models.TextField(blank=True, help_text='What staff wrote when they acted: a review note, a reason to reopen.'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('summary_viewed', 'Viewed summary'), ('pdf_downloaded', 'Downloaded summary PDF'), ('day_printed', 'Printed the day'), ('printed_in_day', 'Printed in a day print'), ('invitation_created', 'Created invitation'), ('invitation_reissued', 'Re-issued invitation'), ('reviewed', 'Marked reviewed'), ('reopened', 'Reopened for the patient')], max_length=30),
        ),
    ]
