"""Demo: one finished site analysis of the demo register, so the result pages show something at once.

Runs synchronously (not through the task queue) and only when the register has companies; idempotent:
a finished demo run is kept, a missing or failed one is (re)computed.
"""

from verbund.clusters.domain.parameters import RunParameters
from verbund.clusters.domain.runs import execute_run, start_run
from verbund.clusters.enums import RunStatus
from verbund.clusters.models import AnalysisRun
from verbund.core.audit import acting_user

DEMO_TITLE = "Standortanalyse Demo-Register (Ortsteile, WZ-Gruppen, Beschäftigte)"


def load(*, users: dict) -> None:
    from verbund.companies.models import Company

    if not Company.objects.filter(lat__isnull=False, main_wz__isnull=False).exists():
        return
    if AnalysisRun.objects.filter(title=DEMO_TITLE, status=RunStatus.DONE).exists():
        return
    office = users["office"]
    with acting_user(office):  # the history of the demo run names the office as its author
        for stale in AnalysisRun.objects.filter(title=DEMO_TITLE):
            stale.delete()
        run = start_run(
            title=DEMO_TITLE, params=RunParameters(permutations=99), user=office, enqueue=False
        )
        execute_run(run_id=run.pk)
