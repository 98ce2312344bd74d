"""Reading spend files and placing their suppliers: tables, columns, amounts, geocoding, privacy."""
