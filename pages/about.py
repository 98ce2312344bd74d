"""About: what the app shows, which datasets are prepared (vintages, licences) and how to share a view."""

from __future__ import annotations

import streamlit as st

from ui import cache, frame, urlstate

frame.guard()

st.title("Spend Geography")
st.markdown(
    "Where public money goes, place by place. Load a spend file, see where suppliers are, and "
    "how much goes to local suppliers and to suppliers in England's most deprived areas. "
    "Deprivation is the **English Indices of Deprivation 2025** (IMD 2025, on 2021 LSOAs; decile 1 = "
    "the most deprived 10% of LSOAs) with current areas — local authority districts (LAD 2024) and "
    "Combined Authorities (CA 2025). **IMD 2019** (2011 LSOAs) is kept, with the areas of its time "
    "(LAD 2021, CA 2024): it is the frame of the Growth Deal period. The *Deprivation index* "
    "control in the sidebar switches every page between the two. Local Enterprise Partnerships "
    "(LEP 2021) are historic partnership areas since their core funding ended in April 2024; the "
    "Growth Deals page keeps them."
)
st.markdown(
    "- **Spend map** — supplier locations, summary cards and filters.\n"
    "- **Deprivation** — IMD deciles by LSOA and by area, and IMD 2019 against IMD 2025.\n"
    "- **Growth Deals** — Growth Deal £ per head by LEP beside the deprivation picture.\n"
    "- **Compare & leakage** — where the non-local £ goes, two areas or two years side by side, "
    "an LM3 local multiplier estimate, and buyers benchmarked; the committee report.\n"
    "- **Data** — load your own spend files, check the column mapping and postcode matching, download results.\n"
    "- **Place suppliers** — for files without supplier postcodes (most council files): place "
    "suppliers from your supplier register, company or charity numbers, or reviewed name matches.\n\n"
    "Every filter and layer is kept in the page address, so a copied link reopens the same view "
    "(*Keep this map view in the link* adds the map's pan and zoom). "
    "Add `?present=1` to a link for presentation mode: large type, no sidebar, a compact bar with "
    "the filters, and **scenes** — save the current view under a name, then step through the saved "
    "views with ◀ ▶, the arrow keys or a presenter remote (PageUp / PageDown). Scenes travel in the "
    "link, so a workshop's whole sequence is one address.\n\n"
    "The app keeps one cookie, `sg_screen`: your window's and main column's size in pixels, so "
    "that on your next visit each map is fitted to your screen from the start. It holds nothing "
    "else and is never sent anywhere but this app."
)

st.subheader("Prepared datasets")
if not cache.store_ready():
    st.warning(
        "The data store has not been prepared yet: run `make data` "
        "(python -m geo fetch && python -m geo prepare), then reload this page."
    )
else:
    st.dataframe(
        cache.prepared_datasets(),
        hide_index=True,
        width="stretch",
        column_config={
            "key": "Key",
            "title": "Dataset",
            "vintage": "Vintage",
            "prepared": "Prepared",
        },
    )
    built = cache.manifest().get("built_at") or cache.manifest().get("build_time")
    if built:
        st.caption(f"Store built {built}.")

st.subheader("Sources, vintages and licences")
# The report's own sources table (one definition), with each publisher's page as a link.
st.dataframe(
    cache.catalogue_table(),
    hide_index=True,
    width="stretch",
    column_config={"Where": st.column_config.LinkColumn("Where")},
)
st.caption(
    "Contains OS data © Crown copyright and database right. Contains Royal Mail data © Royal Mail "
    "copyright and database right. Contains public sector information licensed under the Open "
    "Government Licence v3.0."
)
urlstate.write({})
