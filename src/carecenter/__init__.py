"""carecenter: one customer care centre for a telecom or a power utility."""

__version__ = "0.1.0"
