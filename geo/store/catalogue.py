"""Catalogue of every source dataset: publisher, vintage, licence, download address, file name and sha256."""

from __future__ import annotations

from dataclasses import dataclass

OGL = "Open Government Licence v3.0"
OS_NOTICE = "Contains OS data © Crown copyright and database right"


def _gh(repo: str, commit: str, path: str) -> str:
    """Raw address of a file at a pinned commit: the exact bytes the checksum below was taken of."""
    return f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"


@dataclass(frozen=True)
class Dataset:
    """One source file. `path` is relative to data/raw/ and to a mirror folder (same layout)."""

    key: str
    title: str
    publisher: str
    vintage: str
    licence: str
    path: str
    sha256: str
    size: int
    # Address that serves these exact bytes; None when the file was assembled from several
    # published files, so only a mirror holding the assembled copy can supply it.
    url: str | None
    official_page: str
    note: str = ""

    @property
    def filename(self) -> str:
        return self.path.rsplit("/", 1)[-1]


_LSIP = "dfe-analytical-services/lsip_dashboard"
_GOV_IOD = "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019"
_ONS_GEO = "https://geoportal.statistics.gov.uk/"
_GOV_IOD25 = "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025"

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
    # --- Current geography and deprivation (IoD2025 on LSOA 2021; CA May 2025) -----------------
    Dataset(
        key="imd25_file1",
        title="English Indices of Deprivation 2025 — File 1: Index of Multiple Deprivation",
        publisher="Ministry of Housing, Communities and Local Government",
        vintage="IMD 2025",
        licence=OGL,
        path="deprivation/File_1_IoD2025_Index_of_Multiple_Deprivation.xlsx",
        sha256="e2b10ed1b4d00c02cba12770a0d854b53f7ba7a103df8125744bedad4779866b",
        size=1_469_027,
        url=_gh(
            "AnuragSS/Nexgen", "2e8477c17a70b3466ed2d120899e42baa31f3ebd", "Deprivation_2025.xlsx"
        ),
        official_page=_GOV_IOD25,
        note=(
            "Rank and decile for 33,755 LSOAs (2021) with LAD 2024 codes; the 13 Nov 2025 reissue. "
            "Published 30 October 2025."
        ),
    ),
    Dataset(
        key="imd25_lad",
        title="English Indices of Deprivation 2025 — Local Authority District summaries (File 10 v2), LAD 2024",
        publisher="Ministry of Housing, Communities and Local Government (converted to CSV by humaniverse/IMD)",
        vintage="IMD 2025",
        licence=OGL,
        path="deprivation/IoD2025_LAD24_summaries_CONVERTED_from_File_10_v2.csv",
        sha256="395355dfb420037851dbfdb1aa8498d957665f54baedca5078d98cad2f51b045",
        size=115_822,
        url=None,
        official_page=_GOV_IOD25,
        note="296 LADs (2024 codes), snake_case headers; not the official xlsx. Used to check decile-1 shares.",
    ),
    Dataset(
        key="lsoa21",
        title="Lower layer Super Output Areas (December 2021) Boundaries EW BGC — England, merged",
        publisher="Office for National Statistics (Open Geography Portal; per-LAD files by drkane/geo-lookups, merged)",
        vintage="LSOA 2021",
        licence=f"{OGL}; {OS_NOTICE}",
        path="boundaries/LSOA_2021_EN_BGC_MERGED.gpkg",
        sha256="4ff9933b7028c313dd8b6dea8726c2dbc93e8efd0c94bf593e9c3385c2ad0468",
        size=46_170_112,
        url=None,
        official_page=_ONS_GEO,
        note=(
            "33,755 LSOAs, EPSG:4326; merged from 296 per-LAD files (drkane/geo-lookups "
            "e20a072d); 7 invalid geometries repaired at prepare. Its CAUTHCD field is out of date."
        ),
    ),
    Dataset(
        key="lsoa11_lsoa21",
        title="LSOA (2011) to LSOA (2021) to Local Authority District (2022) Best Fit Lookup for EW (V2)",
        publisher="Office for National Statistics (Open Geography Portal)",
        vintage="LSOA 2011 → LSOA 2021",
        licence=OGL,
        path="lookups/LSOA11_LSOA21_LAD22_EW_LU_v2.csv",
        sha256="7d6907d06c83bc4e15b1886fb6bf65637b6b50e2429e5d8de905470db02a89ef",
        size=2_937_216,
        url=_gh(
            "lucy-web-0812/heat_pumps_AQ",
            "fe3dd0a70fa44d125ba554cff1ba3a997d4677da",
            "data/raw_data/LSOAs/LSOA11_LSOA21_LAD22_EW_LU_v2_-9218941858449512980.csv",
        ),
        official_page=_ONS_GEO,
        note="Gives each LSOA 2021 its LAD 2022 (= LAD 2021 in England) code.",
    ),
    Dataset(
        key="ca25",
        title="Combined Authorities (May 2025) Boundaries EN BSC",
        publisher="Office for National Statistics (Open Geography Portal)",
        vintage="CA May 2025",
        licence=f"{OGL}; {OS_NOTICE}",
        path="boundaries/CAUTH_MAY_2025_EN_BSC_1271049543973882786.geojson",
        sha256="d0f1abb088de661f9ff70d794ebb09bc024ced3cfcbc9d573e3a46ca6c9f8537",
        size=262_028,
        url=_gh(
            "AnuragSS/Nexgen",
            "2e8477c17a70b3466ed2d120899e42baa31f3ebd",
            "CAUTH_MAY_2025_EN_BSC_1271049543973882786.geojson",
        ),
        official_page=_ONS_GEO,
        note="15 CAs, super-generalised: checked against the lookup, never used to assign members.",
    ),
    Dataset(
        key="lad_ca25",
        title="Local Authority District to Combined Authority (May 2025) Lookup in EN",
        publisher="Office for National Statistics (Open Geography Portal)",
        vintage="CA May 2025",
        licence=OGL,
        path="lookups/Local_Authority_District_to_Combined_Authority_(May_2025)_Lookup_in_EN.csv",
        sha256="7d8a10543e163ebb8e89df02d2bf522bd7e4b70aab9084dce7216f6c35e043b9",
        size=5_511,
        url=_gh(
            _LSIP,
            "ace69761dfd4f8b139c9dd5ea6d3e06bdf3f8f6a",
            "Data/1-3_CA_lookup/Local_Authority_District_to_Combined_Authority_(May_2025)_Lookup_in_EN.csv",
        ),
        official_page=_ONS_GEO,
        note="106 LAD 2025 rows in 15 CAs: the membership of CA 2025 (Barnsley/Sheffield as E08000038/39).",
    ),
    Dataset(
        key="lad25",
        title="Local Authority Districts (May 2025) Boundaries UK BUC",
        publisher="Office for National Statistics (Open Geography Portal)",
        vintage="LAD May 2025",
        licence=f"{OGL}; {OS_NOTICE}",
        path="boundaries/LAD_MAY_2025_UK_BUC_-9101541134941485660.geojson",
        sha256="adaf1947ced3e73d568e2835f126e535ec1f71b72f4acd8de2107927c7c265ee",
        size=1_982_571,
        url=_gh(
            "saulsmcouk/2026ElectionAnalysis",
            "50b3b2b18db7718c8cf04c4e5ecdc7be876dfc03",
            "LAD_MAY_2025_UK_BUC_-9101541134941485660.geojson",
        ),
        official_page=_ONS_GEO,
        note=(
            "361 UK LADs; names of LAD 2024 areas and the Wales/Scotland border guard for the LSOA "
            "2021 postcode snap. Barnsley/Sheffield are E08000038/39 here, E08000016/19 in IoD2025."
        ),
    ),
    Dataset(
        key="pop24",
        title="Population estimates for England and Wales, mid-2024 — MYE2 Persons",
        publisher="Office for National Statistics",
        vintage="mid-2024",
        licence=OGL,
        path="population/mye24tablesew_MYE2_persons.csv",
        sha256="c5b1e9c0a28b0ed7731f49ddb7b491d9757514fadb83d91f24bd038a4aa572c2",
        size=178_098,
        url=None,
        official_page="https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland",
        note="Sheet MYE2 - Persons of mye24tablesew.xlsx saved as CSV; 296 English LADs (2024 codes) sum to 58,620,101.",
    ),
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


def get(key: str) -> Dataset:
    return BY_KEY[key]
