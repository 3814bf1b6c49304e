"""`python -m tanka …` runs the `tanka` command."""

import sys

from tanka.cli import main

sys.exit(main())
