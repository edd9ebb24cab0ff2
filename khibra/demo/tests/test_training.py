from types import SimpleNamespace

from khibra.demo import loader, training as demo
from khibra.training.models import CompletionStatus, Course, CourseCompletion, OpportunityCourse


def test_the_demo_loads_once(db):
    report = loader.load()
    demo.load(report)
    assert Course.objects.platform().count() == 4
    assert Course.objects.filter(provider__registration_number="1187").count() == 1
    requirement = OpportunityCourse.objects.select_related("opportunity").get()
    assert requirement.opportunity.template.code == "data-dashboard"
    assert CourseCompletion.objects.filter(status=CompletionStatus.CONFIRMED).count() == 1
    assert CourseCompletion.objects.filter(status=CompletionStatus.SELF_DECLARED).count() == 1
    demo.load(SimpleNamespace())
    assert Course.objects.count() == 5 and CourseCompletion.objects.count() == 2 and OpportunityCourse.objects.count() == 1
