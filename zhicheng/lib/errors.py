"""Domain errors: each carries the Chinese message a user reads, and the HTTP status it maps to."""


class DomainError(Exception):
    """A refusal the user must be told about, in Chinese, with the clause behind it when there is one."""

    status = 400
    title = "无法完成操作"

    def __init__(self, message: str, *, clause: str = "", detail: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.clause = clause
        self.detail = detail or {}

    def __str__(self) -> str:
        return f"{self.message}（{self.clause}）" if self.clause else self.message

    def as_dict(self) -> dict:
        return {"detail": str(self), "message": self.message, "clause": self.clause, **self.detail}


class Forbidden(DomainError):
    """The user's role or region does not allow this action."""

    status = 403
    title = "无权操作"


class Conflict(DomainError):
    """The object is not in a state that allows this action (an illegal transition)."""

    status = 409
    title = "当前状态不允许此操作"


class RuleViolation(DomainError):
    """A policy rule is not met; the message says by how much and cites the clause."""

    status = 422
    title = "不符合规定"
