"""``python -m guided_actions``: the command line (the only place that reads files)."""

from guided_actions._cli import main

raise SystemExit(main())
