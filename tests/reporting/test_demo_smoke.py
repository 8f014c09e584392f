import pytest

pytestmark = pytest.mark.django_db


def test_demo_pages(client, demo_db):
    from verbund.reporting.models import Indicator, ReportJob

    client.force_login(demo_db["office"])
    for i in Indicator.objects.all():
        print(i.code, i.pk)
    for job in ReportJob.objects.all():
        print(job, job.status, job.error, len(job.xlsx or b""), len(job.pdf or b""))
    for url in ["/reporting/", "/reporting/progress/", "/reporting/reports/", "/open-data/operations.json",
                "/open-data/operations.csv", "/open-data/indicators.json", "/open-data/operations.schema.json"]:
        r = client.get(url)
        print(url, r.status_code)
        if url.endswith("json"):
            print(r.content.decode()[:1500])
    i = Indicator.objects.get(code="RCO01")
    r = client.get(f"/reporting/indicators/{i.pk}/")
    print(r.status_code)
    assert 0
