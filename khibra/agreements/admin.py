"""Admin of agreements. Texts are generated and accepted in the product: here they are read,
never rewritten. Volunteer agreement texts and proposed or signed partnerships are read-only."""

from django.contrib import admin

from .models import AgreementAcceptance, PartnerAgreement, ShortlistEntry, VolunteerAgreement


class AcceptanceInline(admin.TabularInline):
    model = AgreementAcceptance
    extra = 0
    can_delete = False
    fields = ("volunteer", "accepted_at", "ip_address", "user_agent")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(VolunteerAgreement)
class VolunteerAgreementAdmin(admin.ModelAdmin):
    list_display = ("opportunity", "version", "created_at", "generated_by")
    list_select_related = ("opportunity", "generated_by")
    search_fields = ("opportunity__title", "content_hash")
    # The content is what volunteers accept: it only ever comes from services.generate_volunteer_agreement.
    readonly_fields = ("opportunity", "version", "content", "content_hash", "generated_by", "created_at", "updated_at")
    inlines = [AcceptanceInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or not obj.acceptances.exists())


@admin.register(AgreementAcceptance)
class AgreementAcceptanceAdmin(admin.ModelAdmin):
    list_display = ("agreement", "volunteer", "accepted_at")
    list_select_related = ("agreement__opportunity", "volunteer")
    search_fields = ("volunteer__email", "volunteer__full_name", "agreement__opportunity__title")
    readonly_fields = ("agreement", "volunteer", "accepted_at", "ip_address", "user_agent")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PartnerAgreement)
class PartnerAgreementAdmin(admin.ModelAdmin):
    list_display = ("opportunity", "organization", "partner", "version", "status", "updated_at")
    list_filter = ("status",)
    list_select_related = ("opportunity", "organization", "partner")
    search_fields = ("opportunity__title", "organization__name_ar", "partner__name_ar")
    raw_id_fields = ("organization", "partner", "opportunity")
    always_readonly = (
        "version",
        "status",
        "content",
        "organization_accepted_at",
        "organization_accepted_by",
        "partner_accepted_at",
        "partner_accepted_by",
        "created_by",
    )

    def get_readonly_fields(self, request, obj=None):
        # Once proposed, a change must make a new version (services.update_partner_agreement).
        if obj is not None and obj.status != PartnerAgreement.Status.DRAFT:
            return [field.name for field in self.model._meta.fields]
        return self.always_readonly

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ShortlistEntry)
class ShortlistEntryAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "opportunity", "provider")
    list_filter = ("kind",)
    list_select_related = ("opportunity", "provider")
    search_fields = ("name", "opportunity__title")
    raw_id_fields = ("opportunity", "provider")
