"""Admin of step 6: selection here, outreach in admin_outreach.py. Applications are changed through
the services (the board), so the admin reads them."""

from django.contrib import admin

from . import admin_outreach  # noqa: F401  (registers the outreach models)
from .models import Application, InactivityNotice, Interview, ScreeningQuestion


class InterviewInline(admin.TabularInline):
    model = Interview
    extra = 0
    fields = ["scheduled_at", "mode", "location", "meeting_link", "created_by"]
    readonly_fields = fields
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "volunteer", "status", "created_at", "first_response_at", "pass_reason"]
    list_filter = ["status", "pass_reason"]
    search_fields = ["opportunity__title", "volunteer__user__full_name", "volunteer__user__email"]
    raw_id_fields = ["opportunity", "volunteer", "source", "decided_by"]
    inlines = [InterviewInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScreeningQuestion)
class ScreeningQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "opportunity", "required", "order"]
    raw_id_fields = ["opportunity"]


@admin.register(InactivityNotice)
class InactivityNoticeAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "flagged_at", "closed_at"]
    raw_id_fields = ["opportunity"]
