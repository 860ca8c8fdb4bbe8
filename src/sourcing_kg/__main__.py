"""Allow ``python -m sourcing_kg``."""

from sourcing_kg.cli import main

raise SystemExit(main())
