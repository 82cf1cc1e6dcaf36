"""The ACD service: the routing engine of this process, kept in step with the database."""
