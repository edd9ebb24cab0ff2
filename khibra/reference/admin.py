from django.contrib import admin

from .models import City, Field, Language, Profession, Region, Skill


class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name_ar", "name_en", "code"]
    list_filter = ["is_active"]


@admin.register(Field)
class FieldAdmin(ReferenceAdmin):
    list_display = [*ReferenceAdmin.list_display, "is_other"]


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    pass


@admin.register(City)
class CityAdmin(ReferenceAdmin):
    list_display = [*ReferenceAdmin.list_display, "region"]
    list_filter = ["region", "is_active"]


@admin.register(Profession)
class ProfessionAdmin(ReferenceAdmin):
    list_display = [*ReferenceAdmin.list_display, "field"]
    list_filter = ["field", "is_active"]


@admin.register(Language)
class LanguageAdmin(ReferenceAdmin):
    pass


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "is_approved", "created_at"]
    list_editable = ["is_approved"]
    list_filter = ["is_approved"]
    search_fields = ["name_ar", "name_en", "key"]

    def save_model(self, request, obj, form, change):
        obj.clean()
        super().save_model(request, obj, form, change)
