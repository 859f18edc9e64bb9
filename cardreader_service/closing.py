"""The `with` protocol shared by every resource of the service that ends in close()."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class ClosesOnExit:
    """Base for objects whose `with` block must end in close(), so no class restates it."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
