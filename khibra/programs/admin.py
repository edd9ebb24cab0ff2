from django.contrib import admin

from .models import ActionPlanStep, Need, NeedsAssessment, Program, ReadinessAssessment, ReadinessItem


class ActionPlanStepInline(admin.TabularInline):
    model = ActionPlanStep
    extra = 0
    max_num = 9
    fields = ["step", "responsible", "responsible_user", "starts_on", "ends_on", "manual_status"]
    raw_id_fields = ["responsible_user"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "starts_on", "ends_on", "created_at"]
    list_filter = ["organization__kind"]
    search_fields = ["name", "organization__name_ar", "organization__name_en"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["previous", "created_by"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ActionPlanStepInline]
    date_hierarchy = "starts_on"


@admin.register(NeedsAssessment)
class NeedsAssessmentAdmin(admin.ModelAdmin):
    list_display = ["program", "completed_at", "updated_at"]
    search_fields = ["program__name"]
    list_select_related = ["program"]
    raw_id_fields = ["program", "completed_by"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "status", "priority", "suitability", "volunteers_needed", "execution_mode"]
    list_filter = ["status", "suitability", "execution_mode"]
    search_fields = ["title", "department", "program__name"]
    list_select_related = ["program"]
    raw_id_fields = ["program", "merged_into", "submitted_by", "field"]
    readonly_fields = ["created_at", "updated_at"]


class ReadinessItemInline(admin.TabularInline):
    model = ReadinessItem
    extra = 0
    max_num = 8
    fields = ["criterion", "answer", "note"]


@admin.register(ReadinessAssessment)
class ReadinessAssessmentAdmin(admin.ModelAdmin):
    list_display = ["program", "assessed_by", "updated_at"]
    search_fields = ["program__name"]
    list_select_related = ["program", "assessed_by"]
    raw_id_fields = ["program", "assessed_by"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ReadinessItemInline]
