"""Reference data kept as data: platform staff extend it in the admin, code never lists it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from khibra.core.arabic import normalize
from khibra.core.models import BilingualNameModel


class ReferenceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ReferenceModel(BilingualNameModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["sort_order", "name_ar"]


class Field(ReferenceModel):
    """A field of opportunity (مجال الفرصة): the guide's list, extendable to the national 22."""

    is_other = models.BooleanField(
        _("is 'other'"), default=False, help_text=_("The catch-all field whose details are typed as free text.")
    )

    class Meta(ReferenceModel.Meta):
        verbose_name = _("field")
        verbose_name_plural = _("fields")


class Region(ReferenceModel):
    class Meta(ReferenceModel.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class City(ReferenceModel):
    region = models.ForeignKey(Region, models.PROTECT, related_name="cities", verbose_name=_("region"))

    class Meta(ReferenceModel.Meta):
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        indexes = [models.Index(fields=["region", "sort_order"], name="city_region_order")]


class Profession(ReferenceModel):
    field = models.ForeignKey(
        Field, models.SET_NULL, null=True, blank=True, related_name="professions", verbose_name=_("main field")
    )

    class Meta(ReferenceModel.Meta):
        verbose_name = _("profession")
        verbose_name_plural = _("professions")


class Language(ReferenceModel):
    class Meta(ReferenceModel.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class Skill(BilingualNameModel):
    """A skill typed by volunteers. `key` is the normalised name so spelling variants meet."""

    key = models.CharField(_("normalised name"), max_length=200, unique=True, editable=False)
    is_approved = models.BooleanField(
        _("approved"), default=False, help_text=_("Approved skills are suggested to everyone.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name_ar"]

    def clean(self):
        self.key = normalize(self.name_ar or self.name_en)
