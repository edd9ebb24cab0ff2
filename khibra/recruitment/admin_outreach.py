"""Admin of step 6 outreach; imported from recruitment/admin.py."""

from django.contrib import admin

from .models import ImportedVolunteer, RecruitmentPlan, ShareLink, VolunteerImport


@admin.register(RecruitmentPlan)
class RecruitmentPlanAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "publisher", "screening_on", "interviews_on", "updated_at"]
    raw_id_fields = ["opportunity", "publisher", "assistant"]


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["code", "opportunity", "channel", "referred_by", "visits"]
    list_filter = ["channel"]
    raw_id_fields = ["opportunity", "referred_by"]


@admin.register(VolunteerImport)
class VolunteerImportAdmin(admin.ModelAdmin):
    list_display = ["organization", "filename", "rows_total", "invited_count", "skipped_count", "created_at"]
    raw_id_fields = ["organization", "created_by"]


@admin.register(ImportedVolunteer)
class ImportedVolunteerAdmin(admin.ModelAdmin):
    list_display = ["organization", "email", "invited_at", "accepted_at", "declined_at"]
    raw_id_fields = ["organization", "user", "volunteer_import"]
