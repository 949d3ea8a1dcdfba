import uuid

from rest_framework.permissions import BasePermission

from events.models import Application


class IsTrustedApplication(BasePermission):
    """Lets a request through only if its `application` header is the id of an Application row."""

    message = "Untrusted application."

    def has_permission(self, request, view):
        header = request.headers.get("application")
        try:
            application_id = uuid.UUID(header)
        except (TypeError, ValueError):
            return False
        return Application.objects.filter(pk=application_id).exists()
