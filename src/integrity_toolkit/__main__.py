"""``python -m integrity_toolkit`` runs the command line."""

import sys

from integrity_toolkit.cli import main

sys.exit(main())
