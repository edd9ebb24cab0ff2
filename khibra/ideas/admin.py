from django.contrib import admin

from .models import Idea, IdeaSupport


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["title", "field", "city", "proposer", "status", "support_count", "created_at"]
    list_filter = ["status", "field"]
    search_fields = ["title", "description"]
    raw_id_fields = ["proposer", "adopted_opportunity", "adopted_by_organization"]


@admin.register(IdeaSupport)
class IdeaSupportAdmin(admin.ModelAdmin):
    list_display = ["idea", "user", "created_at"]
    raw_id_fields = ["idea", "user"]
