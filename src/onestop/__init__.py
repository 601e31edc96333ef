"""onestop: Vietnam's one-stop administrative mechanism (cơ chế một cửa) as ward offices run
it.

The subpackages are the public face: :mod:`onestop.calendar` (the working calendar and its
arithmetic), :mod:`onestop.timing` (processing times and deadlines) and :mod:`onestop.errors`.

Examples:
    >>> import onestop
    >>> onestop.__version__
    '0.1.0.dev0'
"""

__all__ = ["__version__"]

__version__ = "0.1.0.dev0"
