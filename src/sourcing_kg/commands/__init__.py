"""One module per sub-command of ``sourcing-kg`` (see :mod:`sourcing_kg.cli`)."""
