"""``python -m sitetools.check DIR``."""

import sys

from sitetools.check.run import main

sys.exit(main())
