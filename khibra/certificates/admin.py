from django.contrib import admin

from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read-only: certificates are issued and revoked through the services (audited)."""

    list_display = ["code", "kind", "volunteer_name", "opportunity_title", "organization", "hours", "issued_at", "revoked_at"]
    list_filter = ["kind", "organization"]
    search_fields = ["code", "volunteer_name", "opportunity_title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


