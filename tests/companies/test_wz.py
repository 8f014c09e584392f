import pytest

from verbund.classification import normalise_wz_code
from verbund.companies.domain.queries import find_wz, search_wz
from verbund.companies.domain.wz import load_wz_codes, wz_entries
from verbund.companies.models import WzCode


@pytest.mark.unit
@pytest.mark.parametrize(
    ("typed", "code"),
    [("25.62.0", "25.62.0"), ("25620", "25.62.0"), ("2562", "25.62"), (" 25.62 ", "25.62"),
     ("256", "25.6"), ("25", "25"), ("c", "C"), ("abc", None), ("123456", None), ("", None),
     ("1.11", "01.11"), ("01.11", "01.11"), ("0111", "01.11")],
)  # fmt: skip
def test_codes_are_read_with_or_without_dots(typed, code):
    assert normalise_wz_code(typed) == code


@pytest.mark.integration
def test_full_hierarchy_with_german_and_english_titles(db):
    """Every entry of the `wz-code` package is loaded, each level is present and every entry below a
    section hangs under a parent one level up (no pinned counts: they belong to the package)."""
    assert set(WzCode.objects.values_list("code", flat=True)) == {e["code"] for e in wz_entries()}
    levels = dict(WzCode.objects.values_list("code", "level"))
    assert set(levels.values()) == {1, 2, 3, 4, 5}
    for code, parent in WzCode.objects.values_list("code", "parent__code"):
        assert (parent is None) == (levels[code] == 1), code
        assert parent is None or levels[parent] == levels[code] - 1, code
    sub = WzCode.objects.get(code="25.62.0")
    assert sub.title == "Mechanik a. n. g."
    assert sub.title_en == "Machining"
    assert [sub.parent.code, sub.parent.parent.code, sub.parent.parent.parent.code] == [
        "25.62", "25.6", "25",
    ]  # fmt: skip
    assert sub.parent.parent.parent.parent.code == "C"
    assert sub.section == "C" and sub.division == "25"
    assert not WzCode.objects.filter(title_en="").exists()
    assert load_wz_codes() == 0  # idempotent


@pytest.mark.integration
def test_search_by_code_in_any_spelling_and_by_title(db):
    for typed in ["25.62.0", "25620", "2562"]:
        assert find_wz(typed).code.startswith("25.62")
        assert "25.62.0" in {w.code for w in search_wz(typed)}
    assert "18.12.0" in {w.code for w in search_wz("Drucken")}
    assert "18.12.0" in {w.code for w in search_wz("printing")}


@pytest.mark.integration
def test_wz_browser_page(client, make_user):
    client.force_login(make_user("carrier"))
    page = client.get("/companies/wz/", {"q": "2562"})
    assert page.status_code == 200
    assert "Mechanik a. n. g." in page.content.decode()
    detail = client.get("/companies/wz/25.62/")
    assert "25.62.0" in detail.content.decode()


@pytest.mark.integration
def test_english_pages_show_english_wz_titles(client, make_user):
    from tests.factories.companies import CompanyFactory, wz

    company = CompanyFactory(main_wz=wz("25.62.0"))
    client.force_login(make_user("office"))
    german = client.get(company.get_absolute_url()).content.decode()
    assert "Mechanik a. n. g." in german and "Machining" not in german
    english = client.get(f"/en{company.get_absolute_url()}").content.decode()
    assert "Machining" in english and "Mechanik a. n. g." not in english
    assert "Machining" in client.get("/en/companies/wz/", {"q": "2562"}).content.decode()


@pytest.mark.integration
def test_a_code_that_lost_its_leading_zero_is_found(db):
    assert find_wz("1.11").code == "01.11"
