"""Demo: the URBAN project's indicators (enterprises supported, networks formed with the target of
3–5, events held, participants), their values derived from the demo networks, and the programme
report for 2002–2004 (built at once, in German and English).

Written through the domain functions inside `acting_user(office)`; deterministic and idempotent
(an indicator is found by its code, a finished report for the period is not built again).
"""

import datetime as dt
from decimal import Decimal

from verbund.core.audit import acting_user
from verbund.programmes.models import Project
from verbund.reporting.domain import indicators as writes
from verbund.reporting.domain.reports import execute_report, start_report
from verbund.reporting.enums import Derivation, ReportStatus
from verbund.reporting.models import Indicator, ReportJob

PROJECT_CODE = "URBAN-LW-1.2-01"
REPORT_PERIOD = (dt.date(2002, 1, 1), dt.date(2004, 12, 31))
INDICATORS = [
    {"code": "RCO01", "name": "Unterstützte Unternehmen", "name_en": "Enterprises supported",
     "unit": "Unternehmen", "unit_en": "enterprises", "target": Decimal(30),
     "derivation": Derivation.RCO01, "milestones": [(dt.date(2003, 12, 31), Decimal(15))]},
    {"code": "RCO02", "name": "Durch Zuschüsse unterstützte Unternehmen",
     "name_en": "Enterprises supported by grants", "unit": "Unternehmen",
     "unit_en": "enterprises", "target": Decimal(0), "derivation": Derivation.RCO02},
    {"code": "RCO04", "name": "Unternehmen mit nichtfinanzieller Unterstützung",
     "name_en": "Enterprises with non-financial support", "unit": "Unternehmen",
     "unit_en": "enterprises", "target": Decimal(30), "derivation": Derivation.RCO04},
    {"code": "NET", "name": "Gebildete Netzwerke (Ziel 3–5)",
     "name_en": "Networks formed (target 3–5)", "unit": "Netzwerke", "unit_en": "networks",
     "target": Decimal(5), "derivation": Derivation.NETWORKS_FORMED,
     "milestones": [(dt.date(2003, 12, 31), Decimal(3))]},
    {"code": "EVT", "name": "Durchgeführte Veranstaltungen", "name_en": "Events held",
     "unit": "Veranstaltungen", "unit_en": "events", "target": Decimal(10),
     "derivation": Derivation.EVENTS_HELD},
    {"code": "PART", "name": "Teilnahmen an Veranstaltungen",
     "name_en": "Participants in events", "unit": "Teilnahmen", "unit_en": "participations",
     "target": Decimal(40), "derivation": Derivation.EVENT_PARTICIPANTS},
]  # fmt: skip


def load(*, users) -> None:
    office = users["office"]
    project = Project.objects.filter(code=PROJECT_CODE).select_related("measure").first()
    if project is None:
        return
    with acting_user(office):
        for order, spec in enumerate(INDICATORS):
            values = {k: v for k, v in spec.items() if k != "milestones"}
            milestones = spec.get("milestones", [])
            existing = Indicator.objects.filter(
                project=project, network__isnull=True, code=spec["code"]
            ).first()
            if existing is None:
                writes.create_indicator(
                    project=project, user=office, order=order, milestones=milestones, **values
                )
        programme = project.measure.programme
        for language in ("de", "en"):
            if ReportJob.objects.filter(
                programme=programme, period_start=REPORT_PERIOD[0], period_end=REPORT_PERIOD[1],
                language=language, status=ReportStatus.DONE,
            ).exists():  # fmt: skip
                continue
            _build(programme, language, office)


def _build(programme, language: str, office) -> None:
    from verbund.reporting.report_files import report_pdf, report_xlsx

    job = start_report(
        programme=programme, period_start=REPORT_PERIOD[0], period_end=REPORT_PERIOD[1],
        language=language, user=office, enqueue=False,
    )  # fmt: skip
    execute_report(job_id=job.pk, build_xlsx=report_xlsx, build_pdf=report_pdf)
