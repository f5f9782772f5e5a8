"""What can stop a backup or a restore, said so that the operator knows what to do."""


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is for the operator, in Chinese."""
