import pytest
from django.core.management import call_command

from spinepath.assessments.models import Assessment, MdtDecision

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_versioned_assessments_and_decisions() -> None:
    call_command("seed_demo")
    assert Assessment.objects.filter(version=2).exists()
    assert Assessment.objects.filter(version=1).count() >= 3
    assert MdtDecision.objects.filter(outcome="accepted").exists()
    decided = MdtDecision.objects.filter(outcome="modified")
    assert all(d.reason for d in decided)


def test_the_assessment_seed_is_idempotent() -> None:
    call_command("seed_demo")
    counts = (Assessment.objects.count(), MdtDecision.objects.count())
    call_command("seed_demo")
    assert (Assessment.objects.count(), MdtDecision.objects.count()) == counts
