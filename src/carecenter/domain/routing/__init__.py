"""Skills-based routing: pure, deterministic, time passed in. `Router.handle(event, now)` -> decisions."""
