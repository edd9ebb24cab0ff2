from django.contrib import admin
from django.db import models

from .forms import LogoField, SignatureField
from .models import Invitation, Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "is_active"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    # Verification decisions go through the review pages (services write the audit row and
    # e-mail the admins); here the status is shown but not edited.
    list_display = ["name_ar", "name_en", "kind", "city", "verification_status", "created_at"]
    list_filter = ["verification_status", "kind", "city__region"]
    search_fields = ["name_ar", "name_en", "registration_number", "slug", "contact_email"]
    readonly_fields = ["verification_status", "rejection_reason", "verified_at", "verified_by", "created_at", "updated_at"]
    autocomplete_fields = ["city"]
    filter_horizontal = ["fields"]
    inlines = [MembershipInline]
    date_hierarchy = "created_at"
    # The same checks and re-encoding as the organization's own form (khibra.core.uploads.LOGO).
    formfield_overrides = {models.ImageField: {"form_class": LogoField}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "signature":  # khibra.core.uploads.SIGNATURE
            kwargs["form_class"] = SignatureField
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__email", "user__full_name", "organization__name_ar", "organization__name_en"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "organization__name_ar", "organization__name_en"]
    readonly_fields = ["token", "invited_by", "accepted_at", "accepted_by", "revoked_at", "created_at"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
