from django.apps import AppConfig


class PrepConfig(AppConfig):
    """The project itself, as an app only so that its deployment checks are registered."""

    name = "prep"

    def ready(self):
        from prep import checks  # noqa: F401 (registers the checks)
