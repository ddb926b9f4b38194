"""Domain errors: a message for the user in Bahasa Indonesia; views and the API turn them into 400/409."""

from __future__ import annotations


class KesalahanDomain(Exception):
    """A business rule refused the request (HTTP 400). `errors` names fields where it can."""

    status = 400

    def __init__(self, pesan: str, *, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(pesan)
        self.pesan = pesan
        self.errors = errors or []


class KonflikStatus(KesalahanDomain):
    """The object is in a state that does not allow this action (HTTP 409)."""

    status = 409
