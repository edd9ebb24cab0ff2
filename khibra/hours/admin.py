from django.contrib import admin

from .models import HourEntry, HourStatus


@admin.register(HourEntry)
class HourEntryAdmin(admin.ModelAdmin):
    """Approved hours are final: the admin shows them and changes nothing. Reviews go through the
    services (audit rows), so status and review fields are never edited here."""

    list_display = ["date", "hours", "volunteer", "opportunity", "organization", "status", "over_plan", "reviewed_by"]
    list_filter = ["status", "over_plan", "level", "field", "city"]
    date_hierarchy = "date"
    raw_id_fields = ["engagement", "task", "submitted_by", "reviewed_by", "volunteer", "opportunity", "organization", "provider", "program"]
    list_select_related = ["volunteer__user", "opportunity", "organization", "reviewed_by"]
    review_fields = ["status", "return_reason", "over_plan", "submitted_by", "reviewed_by", "reviewed_at"]
    tag_fields = ["engagement", "volunteer", "opportunity", "organization", "level", "field", "city", "provider", "program"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == HourStatus.APPROVED:
            return [f.name for f in self.model._meta.fields]
        return self.review_fields + self.tag_fields

    def has_add_permission(self, request):
        return False  # hours are logged by the volunteer through the service, which copies the tags

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == HourStatus.APPROVED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == HourStatus.APPROVED:
            return False
        return super().has_delete_permission(request, obj)
