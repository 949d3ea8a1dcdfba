from django.apps import AppConfig


class EventsConfig(AppConfig):
    """The seed's one app: trusted applications and the events they send."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
