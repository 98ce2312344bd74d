"""Data page: runs with the default dataset, shows the match report, downloads and sources."""

from __future__ import annotations


def test_data_page_runs(run_page):
    at = run_page("pages/data.py")
    assert any("Postcode match report" in s.value for s in at.subheader)
    assert len(at.dataframe) >= 2
    labels = [b.label for b in at.get("download_button")]
    assert "CSV" in labels and "Excel (.xlsx)" in labels


def test_bad_upload_raises_spendgeoerror_not_traceback():
    # The page shows st.error(str(err)) for SpendGeoError; the loader must raise that type.
    import pytest

    from geo.errors import SpendGeoError
    from geo.spend import pipeline

    with pytest.raises(SpendGeoError):
        pipeline.read_many([(b"\x00\x01 not a table", "broken.csv")])
