from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Policy, PolicyAcceptance, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "preferred_language"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "preferred_language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["kind", "version", "title_ar", "published_at"]
    list_filter = ["kind"]

    def get_readonly_fields(self, request, obj=None):
        # An accepted text must stay as it was accepted: publish a new version instead.
        if obj is not None and obj.acceptances.exists():
            return ["kind", "version", "title_ar", "title_en", "body_ar", "body_en", "purpose_ar", "purpose_en", "published_at"]
        return []


@admin.register(PolicyAcceptance)
class PolicyAcceptanceAdmin(admin.ModelAdmin):
    list_display = ["user", "policy", "accepted_at", "withdrawn_at"]
    list_filter = ["policy__kind"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
