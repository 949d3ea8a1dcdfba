from rest_framework import serializers

from events.models import Event


class EventSerializer(serializers.ModelSerializer):
    """The seed's body and echo. The model's unique session_id gives DRF's UniqueValidator, hence the seed's
    "event with this session id already exists." (one extra SELECT per request)."""

    class Meta:
        model = Event
        fields = ["session_id", "category", "name", "data", "timestamp"]
