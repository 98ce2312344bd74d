"""Catalogue of every source dataset: publisher, vintage, licence, download address, file name and sha256."""

from __future__ import annotations

from geo.store.catalogue_current import CURRENT_DATASETS
from geo.store.dataset import OGL, OS_NOTICE, Dataset, gh

_gh = gh

_LSIP = "dfe-analytical-services/lsip_dashboard"
_GOV_IOD = "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019"
_ONS_GEO = "https://geoportal.statistics.gov.uk/"

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        key="lep21",
        title="Local Enterprise Partnerships (May 2021) Boundaries EN BUC",
        publisher="Office for National Statistics (Open Geography Portal)",
        vintage="LEP 2021",
        licence=f"{OGL}; {OS_NOTICE}",
        path="boundaries/Local_Enterprise_Partnerships_(May_2021)_EN_BUC.geojson",
        sha256="4876fb8e14363b354d389c5cbb16cee994cfa25cb151a9be65c780f48109ad13",
        size=325_541,
        url=_gh(
            _LSIP,
            "dd8896767a11cfe6e3859c0ce64e5179beae5fa9",
            "Data/13_mapFiles/Local_Enterprise_Partnerships_(May_2021)_EN_BUC.geojson",
        ),
        official_page=_ONS_GEO,
        note="38 LEPs; 7 LADs sit in two LEPs.",
    ),
    Dataset(
        key="ca24",
        title="Combined Authorities (2024) Boundaries EN BUC",
        publisher="Office for National Statistics (Open Geography Portal)",
        vintage="CA 2024",
        licence=f"{OGL}; {OS_NOTICE}",
        path="boundaries/Combined_Authorities_May_2023_Boundaries_EN_BUC_529823327652397380.geojson",
        sha256="4bec40f862548dcddc693934e09e20aa8be3b0bca1511f5dbe9be9c6ab09256e",
        size=66_841,
        url=_gh(
            _LSIP,
            "8e68a00c9b70b86ee1cd26adc0731b911a0d3208",
            "Data/1-7_CABoundary/Combined_Authorities_May_2023_Boundaries_EN_BUC_529823327652397380.geojson",
        ),
        official_page=_ONS_GEO,
        note="File name says May 2023 but fields are CAUTH24*: the 2024 set (11 CAs).",
    ),
    Dataset(
        key="ca21",
        title="Combined Authorities (December 2021) EN BGC",
        publisher="Office for National Statistics (Open Geography Portal)",
        vintage="CA 2021",
        licence=f"{OGL}; {OS_NOTICE}",
        path="boundaries/Combined_Authorities_(December_2021)_EN_BGC.geojson",
        sha256="39a957165ef0feb9ce7ade46c8f7dce277ba946287462d490549ae194eaaf718",
        size=755_217,
        url=_gh(
            _LSIP,
            "fee16943e9310e0e59d63e780a964e190cb8355a",
            "Data/15_MCABoundary/Combined_Authorities_(December_2021)_EN_BGC.geojson",
        ),
        official_page=_ONS_GEO,
        note="Older vintage (10 CAs, incl. North of Tyne).",
    ),
    Dataset(
        key="lad21",
        title="Local Authority Districts (December 2021) UK BUC",
        publisher="Office for National Statistics (Open Geography Portal)",
        vintage="LAD 2021",
        licence=f"{OGL}; {OS_NOTICE}",
        path="boundaries/Local_Authority_Districts_(December_2021)_UK_BUC.geojson",
        sha256="782c1e570a9b89e588cf842c81d523f82189ebf2c496335284740dc428fe4c1e",
        size=1_355_951,
        url=_gh(
            "udsleeds/openinfra",
            "076f549488dee19d351c1fb25787575b82c52452",
            "data-small/Local_Authority_Districts_(December_2021)_UK_BUC.geojson",
        ),
        official_page=_ONS_GEO,
        note="374 UK LADs, 309 English; one invalid ring (E07000085) repaired at prepare.",
    ),
    Dataset(
        key="lsoa11",
        title="Lower Layer Super Output Areas (December 2011) EW generalised clipped — England",
        publisher="Office for National Statistics (conversion by Martin Chorley, merged)",
        vintage="LSOA 2011",
        licence=f"{OGL}; Contains OS and ONS data © Crown copyright and database right",
        path="boundaries/lsoa11_england_generalised_clipped_martinjc.gpkg",
        sha256="3b7562e93a35385380cc8f5acd9d7a93ab52b289a9ec26f34cfced4b9a7c2d39",
        size=42_061_824,
        url=None,
        official_page="https://github.com/martinjc/UK-GeoJSON (json/statistical/eng/lsoa_by_lad)",
        note="Merged from 326 per-LAD files into one GeoPackage; only a mirror holds this copy.",
    ),
    Dataset(
        key="imd19_file1",
        title="English Indices of Deprivation 2019 — File 1: Index of Multiple Deprivation",
        publisher="Ministry of Housing, Communities and Local Government",
        vintage="IMD 2019",
        licence=OGL,
        path="deprivation/File_1_-_IMD2019_Index_of_Multiple_Deprivation.xlsx",
        sha256="45bf231e9f03c7daf9e8b47e0021ea1b38469ac8b8279195826fee1623b634e4",
        size=1_375_625,
        url=_gh(
            "cs50kale/GEOG5302_data",
            "3d91b634038519596ecf66b555b391742829accc",
            "File_1_-_IMD2019_Index_of_Multiple_Deprivation.xlsx",
        ),
        official_page=_GOV_IOD,
        note="Rank and decile for 32,844 LSOAs (2011); decile 1 = most deprived 10%.",
    ),
    Dataset(
        key="imd19_file10",
        title="English Indices of Deprivation 2019 — File 10: Local Authority District Summaries (lower-tier)",
        publisher="Ministry of Housing, Communities and Local Government",
        vintage="IMD 2019",
        licence=OGL,
        path="deprivation/File_10_-_IoD2019_Local_Authority_District_Summaries__lower-tier__.xlsx",
        sha256="4b49d6d39180a300d39170e446e1f3c252c6a668f9742a834c6238e1135614f6",
        size=254_746,
        url=_gh(
            "alan-turing-institute/jbc-turing-rss-testdebiasing",
            "aa561936e144b9f7e61c84d3d5796f4687a10186",
            "data/File_10_-_IoD2019_Local_Authority_District_Summaries__lower-tier__.xlsx",
        ),
        official_page=_GOV_IOD,
        note="317 LADs (2019 codes); used to check decile-1 counts.",
    ),
    Dataset(
        key="lad11_lad21",
        title="Local Authority District (2011) to Local Authority District (2021) Lookup for England and Wales",
        publisher="Office for National Statistics (Open Geography Portal)",
        vintage="LAD 2011 → LAD 2021",
        licence=OGL,
        path="lookups/Local_Authority_District_(2011)_to_Local_Authority_District_(2021)_Lookup_for_England_and_Wales.csv",
        sha256="8661cf97d3015de348ca42f2b97d989d99ab8421f36ee9ba7933634fe53f4cd6",
        size=17_889,
        url=_gh(
            _LSIP,
            "5120177f9074f0b2fc8c9322dbe967437b26c92b",
            "Data/1-4_LaLookup/Local_Authority_District_(2011)_to_Local_Authority_District_(2021)_Lookup_for_England_and_Wales.csv",
        ),
        official_page=_ONS_GEO,
    ),
    Dataset(
        key="lad_ca24",
        title="Local Authority District to Combined Authority (May 2024) Lookup in EN",
        publisher="Office for National Statistics (Open Geography Portal)",
        vintage="CA 2024",
        licence=OGL,
        path="lookups/Local_Authority_District_to_Combined_Authority_(May_2024)_Lookup_in_EN.csv",
        sha256="756c9036275a3ff14ad700d154be0a7defa21259c903a021a549e59fc9b015ef",
        size=3_758,
        url=_gh(
            _LSIP,
            "701f235d1cd8daef99a3599cf8f16c3fb30acb0b",
            "Data/1-3_MCA_lookup/Local_Authority_District_to_Combined_Authority_(May_2024)_Lookup_in_EN.csv",
        ),
        official_page=_ONS_GEO,
    ),
    Dataset(
        key="lad_rgn21",
        title="Local Authority District to Region (April 2021) Lookup in England",
        publisher="Office for National Statistics (Open Geography Portal)",
        vintage="LAD 2021",
        licence=OGL,
        path="lookups/Local_Authority_District_to_Region_(April_2021)_Lookup_in_England.csv",
        sha256="a781efd53729acbb100857453f1618a86f96e8608841a1ba6a6105e25771ad2d",
        size=15_037,
        url=_gh(
            "udsleeds/openinfra",
            "076f549488dee19d351c1fb25787575b82c52452",
            "data-small/Local_Authority_District_to_Region_(April_2021)_Lookup_in_England.csv",
        ),
        official_page=_ONS_GEO,
    ),
    Dataset(
        key="pop19",
        title="Population estimates for the UK, mid-2019 (2020 LAD codes)",
        publisher="Office for National Statistics",
        vintage="mid-2019",
        licence=OGL,
        path="population/ukmidyearestimates20192020ladcodes.xls",
        sha256="315c575bd4f892107db48f64347dafa8bf0eda398eaa4effb584aa53598c0a42",
        size=2_506_240,
        url=_gh(
            "alan-turing-institute/jbc-turing-rss-testdebiasing",
            "bf3e1babb3f1d929a39fc3c6dea99d2c26a077f0",
            "data/ukmidyearestimates20192020ladcodes.xls",
        ),
        official_page="https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland",
    ),
    Dataset(
        key="nspl",
        title="National Statistics Postcode Lookup (May 2025) — postcode, latitude, longitude",
        publisher="Office for National Statistics (extract by Open Innovations, merged)",
        vintage="NSPL May 2025",
        licence=f"{OGL}; {OS_NOTICE}; Contains Royal Mail data © Royal Mail copyright and database right",
        path="postcodes/nspl_may2025_postcode_lat_long_uk.csv.gz",
        sha256="6ac52bd692f81ce1c7a12497b466b4193768911ba8cc28c65e3ced2753a8a18d",
        size=18_734_132,
        url=None,
        official_page="https://github.com/odileeds/Postcodes2LatLon (postcodes/<AREA>.csv)",
        note="Merged from 124 area files; live and terminated postcodes with no termination flag.",
    ),
    Dataset(
        key="growth_deals",
        title="Growth Deal (Local Growth Fund) awards by LEP, rounds 1–3",
        publisher="Compiled from UK government, LEP and press publications (sources cited per cell)",
        vintage="Growth Deals 2014–2017",
        licence=f"{OGL} (government material); figures cited row by row",
        path="growth_deals/growth_deals_by_lep.csv",
        sha256="f419edf502d1224b61046cfd64afeb2985e6c35ab50146e443505f2c6f7df584",
        size=35_900,
        # No official single download exists; the project carries this small table itself.
        url="project:geo/reference/growth_deals_by_lep.csv",
        official_page="https://commonslibrary.parliament.uk/research-briefings/sn07120/",
        note="Gaps are real: a missing figure stays missing, with the reason in `notes`.",
    ),
    *CURRENT_DATASETS,
    Dataset(
        key="spend_cf",
        title="Contracts Finder awarded notices: substance-misuse services 2015–2024",
        publisher="Cabinet Office / Crown Commercial Service (Contracts Finder)",
        vintage="2015–2024",
        licence=OGL,
        path="spend/contracts_finder_awarded_substance_misuse_2015-2024_notices.csv",
        sha256="7df87ea474e5b90a4cd62efa01fae296e6b910879a07bf00aaa7ccf3c0633239",
        size=1_017_243,
        url=_gh(
            "sandyknight/young-people-treatment-unit-cost",
            "937b94e782dd8dcc6835e50eec070109202fb317",
            "data/raw/notices.csv",
        ),
        official_page="https://www.contractsfinder.service.gov.uk/",
    ),
    Dataset(
        key="spend_trafford",
        title="Trafford Council supplier spend 2024-25 (Transparency Code)",
        publisher="Trafford Metropolitan Borough Council",
        vintage="FY 2024-25",
        licence=OGL,
        path="spend/trafford-supplier-spend-2024-25.zip",
        sha256="f0c253491c52c205e42ed5bbc2bc95488cfdd7ee0dab68991c25808444cc246b",
        size=3_218_073,
        url=_gh(
            "traffordDataLab/council_open_data",
            "fe5479dc2923a44d46ce8dd87eb3cdce65bc9cc8",
            "transparency_code/supplier_spend/trafford-supplier-spend-2024-25.zip",
        ),
        official_page="https://www.data.gov.uk/ (Expenditure exceeding 500 GBP (Supplier Spend))",
        note="No supplier postcode column.",
    ),
)

BY_KEY: dict[str, Dataset] = {d.key: d for d in DATASETS}

# Sources only one IMD vintage's figures rest on: a report of the other vintage leaves them out
# of its sources (exports walk: an IMD 2025 report printed 3½ pages of every bundled source,
# IMD 2019, LSOA 2011, LAD 2021 and mid-2019 population included).
VINTAGE_ONLY: dict[str, frozenset[str]] = {
    "2019": frozenset(
        {
            "lsoa11",
            "imd19_file1",
            "imd19_file10",
            "lad21",
            "ca24",
            "lad_ca24",
            "lad11_lad21",
            "pop19",
        }
    ),
    "2025": frozenset(
        {
            "imd25_file1",
            "imd25_lad",
            "lsoa21",
            "lsoa11_lsoa21",
            "ca25",
            "lad_ca25",
            "lad25",
            "pop24",
        }
    ),
}
# The bundled spend files: a report lists one only when it is the report's own dataset.
SPEND_FILES: frozenset[str] = frozenset({"spend_cf", "spend_trafford"})


def report_sources(prepared: list[str], imd: str, dataset_title: str = "") -> list[str]:
    """The prepared sources a report of IMD vintage `imd` ("2025" / "2019") rests on: not the
    other vintage's own boundaries, index and population, not the Growth Deal table, and a
    bundled spend file only when it is the report's dataset (`dataset_title`)."""
    other = set().union(*(keys for v, keys in VINTAGE_ONLY.items() if v != imd))
    return [
        k
        for k in prepared
        if k in BY_KEY
        and k not in other
        and k != "growth_deals"
        and (k not in SPEND_FILES or BY_KEY[k].title == dataset_title)
    ]


def get(key: str) -> Dataset:
    return BY_KEY[key]
