"""Background work of a serving process: timers, relays, schedulers."""
