"""Responses to a signed-in user (pages, PDFs, Excel, API) are never stored by a browser or a proxy."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase


class TanpaCacheUntukPengguna:
    """`Cache-Control: no-store` and `Pragma: no-cache` on every answer to an authenticated user.

    A shared office computer's back button or disk cache must not show a member's loan card after logout.
    It sits below AuthenticationMiddleware and reads `request.user` after the view, so an API request
    authenticated by its bearer token (set in the view) is covered too. Static files never reach it
    (WhiteNoise answers first) and the login page is anonymous.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
