"""User-facing error type: a message that names the problem, shown in the CLI and the app instead of a traceback."""


class SpendGeoError(Exception):
    """A problem with input or data that the user can act on; str(err) is one clear sentence."""
