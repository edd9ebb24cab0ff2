from django.contrib import admin

from . import index
from .models import AlertPreference, Invitation, SynonymGroup


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "terms"]

    def save_model(self, request, obj, form, change):
        index.save_synonym_group(group=obj)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "volunteer", "invited_by", "created_at"]
    raw_id_fields = ["opportunity", "volunteer", "invited_by"]


@admin.register(AlertPreference)
class AlertPreferenceAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "frequency", "nature"]
    list_filter = ["frequency"]
    raw_id_fields = ["volunteer"]
    exclude = ["token"]
