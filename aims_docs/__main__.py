"""Run the command line as ``python -m aims_docs``."""

import sys

from aims_docs.cli import main

sys.exit(main())
