from rest_framework import generics

from events.permissions import IsTrustedApplication
from events.serializers import EventSerializer


class EventCreateView(generics.CreateAPIView):
    """POST /api/v1/events/: validate, save synchronously, answer 201 with the event echoed."""

    serializer_class = EventSerializer
    permission_classes = [IsTrustedApplication]

    def perform_create(self, serializer):
        # IsTrustedApplication has checked that the header names an Application row.
        serializer.save(application_id=self.request.headers["application"])
