"""The command line: `python -m geo fetch|prepare|areas|geocode|summary`."""
