"""The platform's URLs plus the floor page of the benchmarks: the cheapest Django view that
reads one row, served by the same server through the same middleware, so every page's time can
be judged as a multiple of it. Used only when the bench server sets ROOT_URLCONF=bench.urls."""

from django.http import HttpResponse
from django.urls import path

from khibra.opportunities.models import Opportunity
from khibra.urls import urlpatterns as platform_urlpatterns


def floor(request, pk: int):
    title = Opportunity.objects.filter(pk=pk).values_list("title", flat=True).first()
    return HttpResponse(title or "", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/floor/<int:pk>/", floor), *platform_urlpatterns]
