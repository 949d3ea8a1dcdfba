"""The seed's two entities, as its README describes them."""
import uuid

from django.db import models


class Application(models.Model):
    """A trusted client: a request is accepted only if its `application` header names one of these rows."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255, blank=True)

    def __str__(self):
        return self.name or str(self.id)


class Event(models.Model):
    """One event as sent. `session_id` is unique: the seed's known bug (a session can hold only one event)."""

    session_id = models.UUIDField(unique=True)
    category = models.CharField(max_length=255)
    name = models.CharField(max_length=255)
    data = models.JSONField()
    timestamp = models.DateTimeField()
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")

    def __str__(self):
        return f"{self.category} / {self.name} ({self.session_id})"
