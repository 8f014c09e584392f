"""The demo ships one finished analysis of the demo register, and loading twice changes nothing."""

import pytest

from verbund.clusters import demo
from verbund.clusters.enums import RunStatus
from verbund.clusters.models import AnalysisRun

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_demo_run_finds_the_planted_concentrations_and_is_idempotent(settings):
    from verbund.companies import demo as companies_demo
    from verbund.core.demo import load_users

    users = load_users()
    demo.load(users=users)  # no companies yet: nothing to analyse, no run
    assert not AnalysisRun.objects.exists()
    companies_demo.load(users=users)
    demo.load(users=users)
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    # automotive suppliers with plastics processing are planted inside the programme area
    top = run.results["candidates"][0]
    assert top["share_in_area"] >= 0.9
    assert {"29.3", "22.2"} & set(top["industries"])
    assert {h.history_user for h in run.history.all()} == {users["office"]}
    demo.load(users=users)
    assert AnalysisRun.objects.get().pk == run.pk
