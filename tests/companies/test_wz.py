import pytest

from verbund.companies.domain.queries import find_wz, search_wz
from verbund.companies.domain.wz import load_wz_codes, normalise_wz_code
from verbund.companies.models import WzCode


@pytest.mark.unit
@pytest.mark.parametrize(
    ("typed", "code"),
    [("25.62.0", "25.62.0"), ("25620", "25.62.0"), ("2562", "25.62"), (" 25.62 ", "25.62"),
     ("256", "25.6"), ("25", "25"), ("c", "C"), ("abc", None), ("123456", None), ("", None)],
)  # fmt: skip
def test_codes_are_read_with_or_without_dots(typed, code):
    assert normalise_wz_code(typed) == code


@pytest.mark.integration
def test_full_hierarchy_with_german_and_english_titles(db):
    assert WzCode.objects.count() == 1835
    counts = {lvl: WzCode.objects.filter(level=lvl).count() for lvl in range(1, 6)}
    assert counts == {1: 21, 2: 88, 3: 272, 4: 615, 5: 839}
    sub = WzCode.objects.get(code="25.62.0")
    assert sub.title_de == "Mechanik a. n. g."
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
