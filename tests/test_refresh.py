"""The World Bank refresh, offline, against recorded-format answers in tests/fixtures/worldbank/.

The HTTP layer is replaced by a fake session that serves the fixture files;
any attempt to reach the real network fails the test.
"""

import hashlib
import json
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests

from coursekit.data import DATA_DIR, load
from maintainers import datapage, derive, refresh

FIXTURES = Path(__file__).parent / "fixtures" / "worldbank"
TODAY = "2027-01-15"
FIXTURE_CODES = ["WLD", "MEA", "EGY", "IRN", "MYS", "PSE", "SAU", "TUR"]


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to use the network")

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", refuse)


class FakeResponse:
    def __init__(self, text, status=200):
        self.text = text
        self.status_code = status

    def json(self):
        return json.loads(self.text)


class FakeSession:
    """Serves fixture pages for API v2 URLs; ``hooks`` alter answers to simulate failures."""

    def __init__(self, hooks=None):
        self.hooks = hooks or {}
        self.calls = []

    def get(self, url, params=None, timeout=None):
        assert timeout, "requests must use a timeout"
        path = urlparse(url).path
        stem = "country" if path.rstrip("/").endswith("/country") else path.rstrip("/").split("/")[-1]
        page = params["page"]
        self.calls.append((stem, page))
        hook = self.hooks.get((stem, page))
        if hook:
            return hook()
        file = FIXTURES / f"{stem}_p{page}.json"
        if not file.exists():
            return FakeResponse("not found", 404)
        return FakeResponse(file.read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def workspace(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    page = tmp_path / "book" / "data.md"
    page.parent.mkdir()
    page.write_text(datapage.render(data), encoding="utf-8")
    return data, page


def run(workspace, session, **kw):
    data, page = workspace
    return refresh.refresh(data_dir=data, page=page, session=session, today=TODAY, **kw)


# --------------------------------------------------------------------------
# success
# --------------------------------------------------------------------------
def test_refresh_rebuilds_from_the_api(workspace):
    data, page = workspace
    session = FakeSession()
    written = run(workspace, session)
    assert set(written) == {
        str(data / n) for n in ("countries.csv", "rd_indicators.csv", "oic_members.csv", "datapackage.json")
    } | {str(page)}
    # every page of every query was fetched (paging followed)
    assert ("country", 3) in session.calls and ("GB.XPD.RSDV.GD.ZS", 2) in session.calls

    # values: exactly the committed rows for the fixture's economies and years
    committed = load("rd_indicators")
    expected = committed[committed["iso3"].isin(FIXTURE_CODES) & committed["year"].between(2015, 2024)]
    expected = expected.sort_values(["indicator", "iso3", "year"]).reset_index(drop=True)
    fields = derive.RD_INDICATORS.fields
    assert (data / "rd_indicators.csv").read_text(encoding="utf-8") == derive.csv_text(expected, fields)

    # the country list and the OIC members' region / income group round-trip unchanged
    assert (data / "countries.csv").read_bytes() == (DATA_DIR / "countries.csv").read_bytes()
    assert (data / "oic_members.csv").read_bytes() == (DATA_DIR / "oic_members.csv").read_bytes()

    # provenance updated
    pkg = {r["name"]: r for r in json.loads((data / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    rd = pkg["rd_indicators"]
    assert rd["x_origin"] == "worldbank-api" and rd["x_api_lastupdated"] == "2026-07-13"
    assert all(s["retrieved"] == TODAY and "api.worldbank.org/v2" in s["path"] for s in rd["sources"])
    assert rd["coverage"]["rows"] == len(expected) and rd["coverage"]["years"] == [2015, 2024]
    assert pkg["countries"]["sources"][0]["retrieved"] == TODAY
    assert any(s["retrieved"] == TODAY for s in pkg["oic_members"]["sources"])
    # untouched resources keep their descriptors
    old = {r["name"]: r for r in json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    assert pkg["coauthorship"] == old["coauthorship"]

    # the new package validates and the page was regenerated from it
    import frictionless

    assert frictionless.validate(str(data / "datapackage.json")).valid
    assert page.read_text(encoding="utf-8") == datapage.render(data)
    assert "Refreshed from the World Bank API" in page.read_text(encoding="utf-8")
    assert not [p for p in data.iterdir() if p.name.startswith(".")], "temporary files left behind"


def test_dry_run_changes_nothing(workspace):
    data, page = workspace
    before, page_before = snapshot(data), page.read_bytes()
    written = run(workspace, FakeSession(), dry_run=True)
    assert str(data / "rd_indicators.csv") in written
    assert snapshot(data) == before and page.read_bytes() == page_before


# --------------------------------------------------------------------------
# failures leave data/ and the page byte-for-byte unchanged
# --------------------------------------------------------------------------
def _connection_error():
    raise requests.ConnectionError(
        "Failed to establish a new connection: [Errno -3] Temporary failure in name resolution"
    )


def _truncated():
    text = (FIXTURES / "SP.POP.TOTL_p2.json").read_text(encoding="utf-8")
    return FakeResponse(text[: len(text) // 2])


def _missing_record():
    header, records = json.loads((FIXTURES / "NY.GDP.PCAP.CD_p2.json").read_text(encoding="utf-8"))
    return FakeResponse(json.dumps([header, records[:-1]]))


def _api_error():
    return FakeResponse(
        json.dumps(
            [{"message": [{"id": "120", "key": "Invalid value", "value": "The provided parameter value is not valid"}]}]
        )
    )


def _wrong_indicator():
    header, records = json.loads((FIXTURES / "GB.XPD.RSDV.GD.ZS_p1.json").read_text(encoding="utf-8"))
    records[0]["indicator"]["id"] = "XX.YYY"
    return FakeResponse(json.dumps([header, records]))


def _text_value():
    header, records = json.loads((FIXTURES / "GB.XPD.RSDV.GD.ZS_p1.json").read_text(encoding="utf-8"))
    records[1]["value"] = "2.6"
    return FakeResponse(json.dumps([header, records]))


FAILURES = {
    "network": (
        ("GB.XPD.RSDV.GD.ZS", 2),
        _connection_error,
        "indicator GB.XPD.RSDV.GD.ZS, page 2: network error (ConnectionError: Failed to establish a new connection",
    ),
    "http-500": (
        ("country", 2),
        lambda: FakeResponse("Service Unavailable", 503),
        "country list, page 2: HTTP status 503",
    ),
    "truncated": (
        ("SP.POP.TOTL", 2),
        _truncated,
        "indicator SP.POP.TOTL, page 2: the answer is not valid JSON (truncated download?)",
    ),
    "partial": (
        ("NY.GDP.PCAP.CD", 2),
        _missing_record,
        "indicator NY.GDP.PCAP.CD: received 79 records but the API announced 80 (partial download)",
    ),
    "api-error": (
        ("SP.POP.SCIE.RD.P6", 1),
        _api_error,
        "indicator SP.POP.SCIE.RD.P6, page 1: the API answered with an error (Invalid value: The provided parameter value is not valid)",
    ),
    "wrong-indicator": (
        ("GB.XPD.RSDV.GD.ZS", 1),
        _wrong_indicator,
        "indicator GB.XPD.RSDV.GD.ZS: record 1 is for indicator 'XX.YYY'",
    ),
    "text-value": (
        ("GB.XPD.RSDV.GD.ZS", 1),
        _text_value,
        "indicator GB.XPD.RSDV.GD.ZS: record 2 (WLD 2023) has a non-numeric value '2.6'",
    ),
}


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_failure_leaves_everything_unchanged(workspace, case):
    data, page = workspace
    where, hook, message = FAILURES[case]
    before, page_before = snapshot(data), page.read_bytes()
    with pytest.raises(refresh.RefreshError) as info:
        run(workspace, FakeSession({where: hook}))
    assert str(info.value).startswith(message)
    assert snapshot(data) == before, "data/ changed after a failed refresh"
    assert page.read_bytes() == page_before
    assert not [p for p in data.iterdir() if p.name.startswith(".")], "temporary files left behind"


def test_missing_oic_member_in_country_list_aborts(workspace):
    data, _ = workspace

    def without_afghanistan(page):
        header, records = json.loads((FIXTURES / f"country_p{page}.json").read_text(encoding="utf-8"))
        header["total"] -= 1  # a consistent answer that simply lacks AFG
        return lambda: FakeResponse(json.dumps([header, [r for r in records if r["id"] != "AFG"]]))

    hooks = {("country", p): without_afghanistan(p) for p in (1, 2, 3)}
    before = snapshot(data)
    with pytest.raises(
        refresh.RefreshError, match=r"^country list: OIC members missing from the API's country list: AFG$"
    ):
        run(workspace, FakeSession(hooks))
    assert snapshot(data) == before


def test_command_line_reports_failure_and_keeps_data(workspace, monkeypatch, capsys):
    data, page = workspace

    def offline(self, url, **kwargs):
        raise requests.ConnectionError("network is unreachable")

    monkeypatch.setattr(requests.Session, "get", offline)
    before, page_before = snapshot(data), page.read_bytes()
    assert refresh.main(["--data-dir", str(data), "--page", str(page)]) == 1
    err = capsys.readouterr().err
    assert err == (
        "maintainers.refresh: refresh failed: country list, page 1: network error "
        "(ConnectionError: network is unreachable)\nNothing was changed in data/ or book/.\n"
    )
    assert snapshot(data) == before and page.read_bytes() == page_before


def test_command_line_success(workspace, monkeypatch, capsys):
    data, page = workspace
    fake = FakeSession()
    monkeypatch.setattr(requests.Session, "get", lambda self, url, **kw: fake.get(url, **kw))
    assert refresh.main(["--data-dir", str(data), "--page", str(page)]) == 0
    out = capsys.readouterr().out
    assert f"updated {data / 'rd_indicators.csv'}" in out
    assert load("rd_indicators", data)["iso3"].isin(FIXTURE_CODES).all()


def test_rebuilt_files_that_do_not_validate_are_not_installed(workspace):
    """An answer that parses but breaks the schema (unknown income group) is caught before any write."""
    data, page = workspace
    header, records = json.loads((FIXTURES / "country_p1.json").read_text(encoding="utf-8"))
    for r in records:
        if r["id"] == "AFG":
            r["incomeLevel"]["value"] = "Very rich"
    hooks = {("country", 1): lambda: FakeResponse(json.dumps([header, records]))}
    before, page_before = snapshot(data), page.read_bytes()
    with pytest.raises(refresh.RefreshError) as info:
        run(workspace, FakeSession(hooks))
    row = load("countries")["iso3"].tolist().index("AFG") + 1
    assert str(info.value).startswith(
        f"the rebuilt files do not validate: data/countries.csv, row {row}, column 'income_group': "
        "'Very rich' is not one of the allowed values: "
    )
    assert snapshot(data) == before and page.read_bytes() == page_before
