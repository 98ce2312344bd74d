"""Hypothesis strategies and properties shared by the bounded fuzz tests and bench/fuzz.py (long runs)."""

from __future__ import annotations

from hypothesis import strategies as st

from geo.analysis.filters import Filters, Locality, denominator_from_params
from geo.errors import SpendGeoError
from geo.spend.ingest import SpendTable, read_spend

HEADERS = [
    "Supplier", "Supplier Name", "BeneficiaryName", "Vendor", "Amount", "Net Amount", "Value",
    "Date Paid", "PaymentDate", "Postcode", "Service Area", "Directorate", "OrganisationLabel",
    "Awarded Value", "Supplier [Name|Address|Ref type|Ref Number|Is SME|Is VCSE]", "", "x",
]  # fmt: skip
CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["£1,234.56", "(12.00)", "12-", "1.234,56", "=cmd|' /C calc'!A0", "N/A",
                     "31/12/2024", "45123", "M1 1AE", "[Acme|1 Road, Leeds LS1 4AP|x|1|Yes|No]"]),
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)  # fmt: skip
DELIMS = st.sampled_from([",", ";", "\t", "|"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])


@st.composite
def spend_files(draw) -> tuple[bytes, str]:
    """A CSV-ish file: random headers (often real ones), cells, delimiter, encoding, preamble, or raw bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=400)), draw(
            st.sampled_from(["f.csv", "f.xlsx", "f.zip", "f.txt"])
        )
    delim = draw(DELIMS)
    ncols = draw(st.integers(1, 6))
    header = [draw(st.sampled_from(HEADERS)) for _ in range(ncols)]
    rows = [
        [draw(CELLS) for _ in range(draw(st.integers(0, ncols + 1)))]
        for _ in range(draw(st.integers(0, 6)))
    ]
    preamble = [draw(st.text(max_size=20)) for _ in range(draw(st.integers(0, 2)))]
    lines = preamble + [delim.join(header)] + [delim.join(r) for r in rows]
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    data = text.encode(draw(ENCODINGS), errors="replace")
    return data, draw(st.sampled_from(["spend.csv", "spend.txt", "spend"]))


def check_spend_file(case: tuple[bytes, str]) -> str:
    """read_spend either returns a table or raises SpendGeoError; anything else is a bug. Returns the outcome."""
    data, name = case
    try:
        table = read_spend(data, filename=name)
    except SpendGeoError as err:
        assert str(err).strip(), "an error must say what is wrong"
        return "rejected"
    assert isinstance(table, SpendTable)
    assert "amount" in table.frame.columns
    return "read"


PARAM_KEYS = st.sampled_from(
    ["from", "to", "buyer", "dept", "lad", "lep", "ca", "status", "decile", "q", "min", "max",
     "local", "local_label", "denom", "layers", "view", "present", "page", "junk",
     "imd", "colour", "zlevel", "area", "level", "lep", "cmp", "a", "b", "pa", "pb", "respend", "flow",
     "noflag", "imdmap", "scenes", "scene"]
)  # fmt: skip
PARAM_VALUES = st.one_of(
    st.text(max_size=40),
    st.lists(st.text(max_size=10), max_size=3),
    st.sampled_from(["2024-04-01", "E08000009", "lad:E08000009", "lep:E37000051", "lads:E08000009,E08000003",
                     "1,2", "nan", "inf", "-1e309", "\\,", "geocoded", "matched", "9" * 400,
                     "²", "٣", "１０", "E37000051", "E47000001", "lad,ca", "none", "53.4,-2.3,9", "1e400,0,1",
                     "periods", "2023-24", "2024-2", "ca:E47000001", "0.454", "1e-5", "region",
                     "1", "0", "true",
                     "2019", "2025", "A~spend_map~area%3DE47000001|B~deprivation~imd%3D2019", "a~b~c~d",
                     "%E0%A4%A~deprivation~", "|||", "~~"]),  # non-ASCII digits: str.isdigit() is True, int() may fail
)  # fmt: skip
url_params = st.dictionaries(PARAM_KEYS, PARAM_VALUES, max_size=8)


def check_url_params(params: dict) -> None:
    """The URL parsers never raise and always give canonical, round-trippable objects."""
    filters = Filters.from_params(params)
    assert Filters.from_params(filters.to_params()) == filters
    locality = Locality.from_params(params)
    if locality is not None:
        assert Locality.from_params(locality.to_params()) == locality
    assert denominator_from_params(params) in ("all", "geocoded")
    from ui.views import VIEWS, amount_band, amount_bounds

    for cls in VIEWS.values():
        view = cls.from_params(params)  # never raises
        assert cls.from_params(view.to_params()) == view
        if hasattr(view, "filters"):
            amount_bounds(amount_band(view), view)
        assert view.imd in ("2025", "2019")
    from ui.scenes import Scenes

    scenes = Scenes.from_params(params)  # never raises
    assert Scenes.from_params(scenes.to_params()) == scenes
