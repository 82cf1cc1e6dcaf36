"""Cases (tickets): kinds, status categories, priorities and the SLA clock. Pure; time is passed in."""
