"""Building the embedded store: catalogue, fetch, prepare steps, and the read API."""
