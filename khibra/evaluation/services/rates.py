"""The value of an hour: national values and market rates, set by platform staff."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from khibra.core import audit

from ..models import (
    MAX_RATE_YEAR,
    MIN_RATE_YEAR,
    HourlyValue,
    MarketRate,
)

MAX_HOUR_VALUE = Decimal("100000")  # market_rate_value_range


# --- the value of an hour: national values and market rates (platform staff) --------------------

def _require_platform_staff(by) -> None:
    from khibra.organizations.access import is_staff

    if not is_staff(by):
        raise PermissionDenied


def _check_rate(year, value_sar, *, maximum: Decimal) -> None:
    errors = {}
    if year is None or not MIN_RATE_YEAR <= year <= MAX_RATE_YEAR:
        errors["year"] = _("Choose a year between %(min)s and %(max)s.") % {"min": MIN_RATE_YEAR, "max": MAX_RATE_YEAR}
    if value_sar is None or not Decimal("0") < value_sar <= maximum:
        errors["value_sar"] = _("The value of an hour must be more than 0 and at most %(max)s SAR.") % {"max": maximum}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_national_rate(*, by, year: int, value_sar: Decimal) -> HourlyValue:
    """Set the national value of a volunteer hour for a year (general, skilled, and professional
    hours without a market rate). One row per year: setting it again changes it."""
    _require_platform_staff(by)
    _check_rate(year, value_sar, maximum=MAX_HOUR_VALUE)
    rate = HourlyValue.objects.select_for_update(of=("self",)).filter(field__isnull=True, year=year).first()
    before = rate.value_sar if rate else None
    if rate is None:
        rate = HourlyValue(field=None, year=year)
    rate.value_sar = value_sar
    rate.full_clean(validate_constraints=False)
    rate.save()
    audit.record(actor=by, verb="hourly_value.set", target=rate, year=year, value=str(value_sar), before=None if before is None else str(before))
    return rate


@transaction.atomic
def set_market_rate(*, by, year: int, value_sar: Decimal, field=None, profession=None) -> MarketRate:
    """Set the market rate of an hour of professional work for a profession and/or field and year;
    setting the same profession, field and year again changes it."""
    _require_platform_staff(by)
    if field is None and profession is None:
        raise ValidationError({"profession": _("Choose a profession, a field, or both.")}, code="no_subject")
    _check_rate(year, value_sar, maximum=MAX_HOUR_VALUE)
    rate = MarketRate.objects.select_for_update(of=("self",)).filter(field=field, profession=profession, year=year).first()
    before = rate.value_sar if rate else None
    if rate is None:
        rate = MarketRate(field=field, profession=profession, year=year)
    rate.value_sar = value_sar
    rate.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            rate.save()
    except IntegrityError:  # the same key written at the same moment by someone else
        raise ValidationError(_("This rate was just set by someone else. Reload the page and try again."), code="race") from None
    audit.record(actor=by, verb="market_rate.set", target=rate, year=year, value=str(value_sar),
                 before=None if before is None else str(before), field=field.pk if field else None,
                 profession=profession.pk if profession else None)
    return rate


@transaction.atomic
def delete_market_rate(*, by, rate: MarketRate) -> None:
    _require_platform_staff(by)
    audit.record(actor=by, verb="market_rate.deleted", target=rate, year=rate.year, value=str(rate.value_sar))
    rate.delete()
