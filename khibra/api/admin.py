from django.contrib import admin

from .models import ApiKey, ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["name", "user__email", "prefix"]
    readonly_fields = ["user", "prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["name", "organization__name_ar", "organization__name_en", "prefix"]
    readonly_fields = ["organization", "created_by", "prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]
