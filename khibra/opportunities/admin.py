from django.contrib import admin

from .models import Opportunity, OpportunityProposal, OpportunityTask, OpportunityTemplate


class OpportunityTaskInline(admin.TabularInline):
    model = OpportunityTask
    extra = 0
    fields = ["title", "due_on", "details"]


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    # Status, publishing and the service model change through the organization's pages (the
    # services check the rules and write the audit rows); here they are shown, not edited.
    list_display = ["title", "organization", "status", "nature", "service_model", "starts_on", "published_at"]
    list_filter = ["status", "nature", "service_model", "execution_mode", "level"]
    search_fields = ["title", "organization__name_ar", "organization__name_en"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization", "city", "supervisor"]
    raw_id_fields = ["program", "need", "template"]
    filter_horizontal = ["fields", "required_professions"]
    readonly_fields = [
        "status",
        "service_model",
        "service_model_reasoning",
        "service_model_chosen_at",
        "service_model_chosen_by",
        "published_at",
        "readiness_override_reason",
        "readiness_override_by",
        "readiness_override_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [OpportunityTaskInline]
    date_hierarchy = "created_at"


@admin.register(OpportunityTemplate)
class OpportunityTemplateAdmin(admin.ModelAdmin):
    """Platform staff add and adapt templates here. `tasks` is a list of
    {"day": 5, "title_ar": "…", "title_en": "…"}: the day counts from the opportunity's start."""

    list_display = ["code", "title_ar", "title_en", "service_model", "duration_days", "hours_per_day", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active", "service_model", "nature", "execution_mode"]
    search_fields = ["code", "title_ar", "title_en"]
    filter_horizontal = ["fields", "professions"]


@admin.register(OpportunityProposal)
class OpportunityProposalAdmin(admin.ModelAdmin):
    """Shown, not decided here: the beneficiary adopts or declines on its pages (services/proposals.py)."""

    list_display = ["title", "provider", "beneficiary", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "provider__name_ar", "beneficiary__name_ar"]
    list_select_related = ["provider", "beneficiary"]
    readonly_fields = ["status", "provider", "beneficiary", "opportunity", "decided_by", "decided_at", "created_by", "created_at", "updated_at"]
