from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SummariesConfig(AppConfig):
    name = "prep.summaries"

    def ready(self):
        """Any change to the medicine list or the rules makes summaries built before it out of date."""
        from prep.summaries.models import InteractionRule, Medicine, ReferenceStamp

        def reference_changed(**kwargs):
            ReferenceStamp.bump()

        for model in (Medicine, InteractionRule):
            post_save.connect(reference_changed, sender=model, dispatch_uid=f"stamp-{model.__name__}-save", weak=False)
            post_delete.connect(reference_changed, sender=model, dispatch_uid=f"stamp-{model.__name__}-delete", weak=False)
