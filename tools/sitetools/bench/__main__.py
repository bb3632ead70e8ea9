"""``python -m sitetools.bench``."""

import sys

from sitetools.bench.run import main

sys.exit(main())
