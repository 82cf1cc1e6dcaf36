"""The ports the application needs; adapters implement them (one port per file there too).

`from carecenter.app.ports import UnitOfWork, Clock` is how use cases name their dependencies.
"""

from carecenter.app.ports.basics import Clock, EventLog, Outbox, PasswordHasher, SystemClock
from carecenter.app.ports.uow import UnitOfWork

__all__ = ["Clock", "EventLog", "Outbox", "PasswordHasher", "SystemClock", "UnitOfWork"]
