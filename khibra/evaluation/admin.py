"""The value of a volunteer hour in the admin: national values per year and market rates."""

from django.contrib import admin

from .models import HourlyValue, MarketRate


@admin.register(HourlyValue)
class HourlyValueAdmin(admin.ModelAdmin):
    list_display = ("year", "field", "value_sar")
    list_filter = ("year",)
    ordering = ("-year", "field")
    autocomplete_fields = ("field",)


@admin.register(MarketRate)
class MarketRateAdmin(admin.ModelAdmin):
    list_display = ("year", "profession", "field", "value_sar")
    list_filter = ("year",)
    ordering = ("-year", "profession", "field")
    autocomplete_fields = ("field", "profession")
