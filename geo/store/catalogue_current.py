"""Catalogue entries for the current geography and deprivation: IoD2025, LSOA 2021, LAD/CA May 2025, mid-2024."""

from __future__ import annotations

from geo.store.dataset import OGL, OS_NOTICE, Dataset
from geo.store.dataset import gh as _gh

_LSIP = "dfe-analytical-services/lsip_dashboard"
_ONS_GEO = "https://geoportal.statistics.gov.uk/"
_GOV_IOD25 = "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025"

CURRENT_DATASETS: tuple[Dataset, ...] = (
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
)
