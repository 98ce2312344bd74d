"""Growth Deals: Local Growth Fund £ per head by (historic) LEP beside deprivation, with the table behind both."""

from __future__ import annotations

import streamlit as st

from geo import levels
from geo.fmt import format_money, format_share
from geo.present import charts, image_growth, legend, mapspec
from geo.present.mapspec import ENGLAND_VIEW, View
from ui import cache, cache_imd, controls, frame, maps, present, tables, urlstate, viewport
from ui.legend import show_legends
from ui.views import GrowthDealsView

frame.guard()
cache.require_store()

with present.controls():
    view = controls.growth_deals(urlstate.read_view(GrowthDealsView))
page_params = urlstate.commit(view)
lep = view.lep
v = levels.imd(view.imd)
lad = levels.for_imd("lad", view.imd)

st.title("Growth Deals and deprivation")
presenting = urlstate.is_presenting()


def _intro() -> None:
    st.caption(
        "Growth Deal (Local Growth Fund) awards, rounds 1–3 (2014–2017), per head of mid-2019 population "
        "of the area each deal was signed for, by Local Enterprise Partnership (2021 boundaries) — beside "
        f"{v.label}: the share of each local authority's LSOAs ({v.lsoa_vintage}) in decile 1 ({lad.label})."
    )
    st.info(
        "**LEPs are historic partnership areas.** Government core funding for Local Enterprise "
        "Partnerships ended in April 2024 and their functions passed to upper-tier local authorities "
        "and combined authorities (GOV.UK guidance, 4 August 2023). They remain the frame of the "
        "Growth Deals, which were made with them."
    )

    national = cache_imd.growth_deal_national()
    n1, n2, n3 = st.columns(3)
    n1.metric(
        "Growth Deals in this table",
        format_money(national["table_total_gbp_m"] * 1e6),
        help=f"{national['rows_with_total']} LEP rows with a complete total; "
        f"{national['rows_without_total']} without (shown as missing, never £0).",
    )
    n2.metric(
        "Government headline", format_money(national["headline_total_gbp_m"] * 1e6),
        help=national["headline_source"],
    )  # fmt: skip
    n3.metric("Share of the headline found", format_share(national["share_of_headline"]))


def _map_title(text: str) -> None:
    # On a projector a subheader took three lines over each map and pushed it past the screen's
    # foot (the maps are sized to the screen there): one bold line instead.
    if presenting:
        st.markdown(f"**{text}**")
    else:
        st.subheader(text)


# On a projector the maps come first: the text and the cards pushed both maps below a 720 px
# screen (workshop walk); they follow the maps there.
if not presenting:
    _intro()

# Two maps side by side, 520 px tall, one camera: fitted to the first (the second is its size).
MAP_COLUMNS, MAP_HEIGHT = (1, 1), 520
camera = View.from_param(view.camera) or viewport.fit(
    ENGLAND_VIEW, MAP_COLUMNS, MAP_HEIGHT, key_under=True
)
gd_layers, scale = cache.growth_deals_layers()
focus = cache.focus("lep", lep) if lep else None
extra = [focus[0]] if focus else []
if focus and not view.camera:
    camera = viewport.fit(focus[1], MAP_COLUMNS, MAP_HEIGHT, key_under=True)

left, right = st.columns(MAP_COLUMNS)
# Each map with its key in a box: presenting, the box's map leaves room under it for the key in
# one compact row (frame's CSS, .st-key-sg-map-and-key-*; walk: the keys sat below the screen).
with left, st.container(key="sg-map-and-key-left"):
    _map_title("Growth Deal £ per head (LEP 2021, historic)")
    state = maps.show_map(
        cache.deck([*gd_layers, *extra], camera),
        key="gd.map",
        alt="Map of Growth Deal pounds per head by Local Enterprise Partnership",
        height=MAP_HEIGHT,
    )
    maps.show_picked(state)
    show_legends(legend.per_head_legend(scale), compact=presenting)
    # The £ per head map for a paper or a slide (PNG, SVG, PDF), rendered on the server.
    maps.image_buttons(
        dataset_name=f"growth_deals_per_head_{lep or 'england'}",
        key="gd.out",
        image=lambda fmt: image_growth.render_growth_deals(
            cache.areas("lep"), focus_code=lep, fmt=fmt
        ),
    )
with right, st.container(key="sg-map-and-key-right"):
    _map_title(f"Share of LSOAs in {v.label} decile 1 ({lad.label})")
    outline, _ = cache_imd.area_layers(view.imd, ("lep",), None, deciles=False)
    state2 = maps.show_map(
        cache.deck([*cache_imd.share_layers("lad", view.imd), *outline, *extra], camera),
        key="gd.share_map",
        alt=f"Map of the share of each local authority's LSOAs in {v.label} decile 1",
        height=MAP_HEIGHT,
    )
    maps.show_picked(state2)
    show_legends(
        legend.share_legend(area_label=lad.noun, imd=view.imd),
        legend.boundary_legend(("lep",), imd=view.imd),
        compact=presenting,
    )

urlstate.copy_link_control(page_params)
if presenting:
    _intro()
table = mapspec.growth_deals_table(cache_imd.areas("lep", view.imd))
st.subheader(f"£ per head against {v.label} deprivation (LEP)")
st.vega_lite_chart(table, charts.growth_deals_scatter(view.imd), width="stretch")
missing = mapspec.growth_deals_missing(table)
if len(missing):
    st.caption(
        f"Not plotted: {len(missing)} LEP(s) with no comparable Growth Deal £ per head — "
        + "; ".join(f"{n} ({c})" for n, c in zip(missing["name"], missing["code"], strict=True))
        + ". Their reasons are in the table below."
    )

st.subheader("The table behind both maps")
tables.show(table, imd=view.imd)
st.caption(
    "£ per head divides each award by the mid-2019 population of the area the deal was signed for "
    "(column “£ per head is on”): where a LEP lost districts between 2014 and 2021 (Leeds City "
    "Region, Sheffield City Region) the districts it had then are added back; where the source does "
    "not name them, the figure is shown as not comparable, with why. “£ per head on the 2021 LEP "
    "area” is shown for reference only: it overstates £ per head where the area shrank."
)
st.info(
    "**Overlaps.** Seven local authorities sit in two LEPs (Cannock Chase, East Staffordshire, Lichfield, "
    "Tamworth; Bromsgrove, Redditch, Wyre Forest): their population counts in both LEPs, so LEP "
    "populations sum to more than England's.  \n"
    "**Vintages.** Awards were made in 2014–2017 to the LEPs of the time and are mapped here to 2021 LEP "
    f"codes and boundaries; populations are ONS mid-2019; deprivation is {v.label} on "
    f"{v.lsoa_vintage} LSOAs. A missing figure is shown as missing with its reason, never as £0."
)
with st.expander(f"Local authority table ({lad.label}, {v.label} decile 1)"):
    tables.show(cache_imd.ranked_by_decile1("lad", view.imd), imd=view.imd)
