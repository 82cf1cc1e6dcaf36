"""PasswordHasher on argon2id (argon2-cffi), OWASP's first choice for password storage."""

from __future__ import annotations

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2Hasher:
    def __init__(self, fast: bool = False) -> None:
        # `fast` is for the demo seeding 24 users and for tests; production keeps the library defaults.
        self._hasher = _Argon2(time_cost=1, memory_cost=8 * 1024, parallelism=1) if fast else _Argon2()

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, hashed: str, password: str) -> bool:
        try:
            return self._hasher.verify(hashed, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, hashed: str) -> bool:
        return self._hasher.check_needs_rehash(hashed)
