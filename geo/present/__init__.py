"""Drawing: map specs, legends, palette, tables for display, exports and formatting."""
