from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import GuardianConsent, Qualification, VolunteerProfile


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0
    fields = ("kind", "title", "institution", "year")


@admin.register(VolunteerProfile)
class VolunteerProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "user_email", "city", "profession", "level", "identity_status", "updated_at")
    list_filter = ("level", "identity_status", "city", "work_mode")
    search_fields = ("user__full_name", "user__email", "specialty", "headline")
    list_select_related = ("user", "city", "profession")
    raw_id_fields = ("user",)
    filter_horizontal = ("fields", "skills", "languages", "work_cities")
    inlines = [QualificationInline]
    # Identity is decided on the review page (which logs every look at the number), not here;
    # the level is derived from the profile by the services.
    readonly_fields = (
        "level",
        "identity_status",
        "masked_id",
        "identity_note",
        "identity_checked_at",
        "identity_checked_by",
        "created_at",
        "updated_at",
    )
    exclude = ("national_id",)

    @admin.display(description=_("national ID or iqama number"))
    def masked_id(self, profile: VolunteerProfile) -> str:
        return profile.masked_national_id

    @admin.display(description=_("e-mail"), ordering="user__email")
    def user_email(self, profile: VolunteerProfile) -> str:
        return profile.user.email


@admin.register(GuardianConsent)
class GuardianConsentAdmin(admin.ModelAdmin):
    list_display = ("profile", "guardian_name", "relationship", "guardian_phone", "consented_at")
    search_fields = ("profile__user__full_name", "profile__user__email", "guardian_name")
    list_select_related = ("profile__user",)
    raw_id_fields = ("profile",)
    readonly_fields = ("consented_at", "recorded_by", "ip_address", "created_at", "updated_at")

    def has_add_permission(self, request) -> bool:
        # A consent is recorded with the volunteer through the guardian page, never typed in here.
        return False
