import pytest

from verbund.companies import demo
from verbund.companies.models import Affiliation, Area, Company, District

pytestmark = pytest.mark.integration


@pytest.fixture
def users(make_user):
    return {"member": make_user("member"), "carrier": make_user("carrier")}


def test_demo_register_is_generated_labelled_and_idempotent(users):
    demo.load(users=users)
    qs = Company.objects.filter(source=demo.DEMO_SOURCE)
    n = qs.count()
    assert 2900 <= n <= 3100
    ids = set(qs.values_list("public_id", flat=True))
    demo.load(users=users)
    assert set(qs.values_list("public_id", flat=True)) == ids
    assert District.objects.filter(layer=demo.DEMO_LAYER).count() == 24
    area = Area.objects.get(name=demo.PROGRAMME_AREA)
    assert {d.name for d in area.districts.all()} == {"Plagwitz", "Lindenau", "Altlindenau"}
    assert not qs.filter(district__isnull=True).exists()
    member_company = Affiliation.objects.get(user=users["member"]).company
    assert member_company.is_inside and member_company.contacts.count() == 2

    # EU size mix: mostly micro firms, a few large ones
    micro = qs.filter(size_class="micro").count() / n
    assert 0.7 < micro < 0.9 and qs.filter(size_class="large").exists()

    # planted concentrations: manufacturing and engineering inside, media outside the area
    def share(inside: bool, divisions: list[str]) -> float:
        part = qs.filter(placement="inside" if inside else "outside")
        return part.filter(main_wz__division__in=divisions).count() / part.count()

    for divisions in (["29", "22"], ["71", "74", "62", "72"], ["27", "28", "35", "38"]):
        assert share(True, divisions) > 2 * share(False, divisions), divisions
    media = ["59", "73", "90", "58", "60"]
    assert share(False, media) > 3 * share(True, media)


def test_demo_pages_say_shapes_are_simplified(users, office_client):
    demo.load(users=users)
    page = office_client.get("/companies/map/").content.decode()
    assert "vereinfacht" in page
