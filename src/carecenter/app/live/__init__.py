"""Live projections of this process (the wallboard), kept current from the event log."""
