"""sourcing-kg: the Handreiking IT-sourcing Rijksoverheid (2025) as knowledge graph and checker."""

__version__ = "0.1.0"
