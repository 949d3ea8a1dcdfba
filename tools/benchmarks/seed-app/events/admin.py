from django.contrib import admin

from events.models import Application, Event

admin.site.register(Application)
admin.site.register(Event)
