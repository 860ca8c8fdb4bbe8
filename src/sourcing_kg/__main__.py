"""Allow ``python -m sourcing_kg``."""

from sourcing_kg.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
