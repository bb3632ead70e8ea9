"""``python -m sitetools.publish``."""

import sys

from sitetools.publish.run import main

sys.exit(main())
