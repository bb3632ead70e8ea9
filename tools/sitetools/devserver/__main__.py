"""``python -m sitetools.devserver``: see :mod:`sitetools.devserver.run`."""

import sys

from sitetools.devserver.run import main

sys.exit(main())
