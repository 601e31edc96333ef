"""``python -m onestop``: the same as the ``onestop`` command."""

import sys

from onestop.cli import main

sys.exit(main())
