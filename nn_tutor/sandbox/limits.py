"""The limits a run of learner code gets: memory, CPU time, processes, file size.

`Limits` travels to the keeper as JSON (`to_argv`/`from_argv`); the keeper applies it in the
child, before any learner code runs (`apply`), and counts the child's processes itself, since
RLIMIT_NPROC is not enforced for root and counts every process of the user elsewhere.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

GIB, MIB = 2**30, 2**20


def size_text(n: int) -> str:
    """`2 GiB`, `16 MiB`, `512 bytes`."""
    for unit, size in (("GiB", GIB), ("MiB", MIB), ("KiB", 1024)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} bytes"


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 2 * GIB  # address space of each process
    cpu_seconds: int = 60  # CPU time of the child process
    processes: int = 16  # processes it may start (the child itself not counted)
    file_bytes: int = 16 * MIB  # size of any file it writes

    def to_argv(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_argv(cls, text: str) -> Limits:
        fields = json.loads(text)
        return cls(**{k: int(fields[k]) for k in ("memory_bytes", "cpu_seconds", "processes", "file_bytes")})

    # sentences, each completing "your sigmoid ..." or "the process ..."
    def memory_sentence(self) -> str:
        return f"used more than {size_text(self.memory_bytes)} of memory"

    def cpu_sentence(self) -> str:
        return f"used more than {self.cpu_seconds} s of CPU time"

    def processes_sentence(self) -> str:
        return f"started more than {self.processes} processes"

    def file_sentence(self) -> str:
        return f"wrote a file larger than {size_text(self.file_bytes)}"

    def apply(self) -> None:
        """Set the resource limits of the calling process (in the child, before learner code)."""
        import resource

        def set_limit(which, soft, hard=None):
            hard = soft if hard is None else hard
            try:
                _old_soft, old_hard = resource.getrlimit(which)
                if old_hard != resource.RLIM_INFINITY:
                    soft, hard = min(soft, old_hard), min(hard, old_hard)
                resource.setrlimit(which, (soft, hard))
            except (ValueError, OSError):
                pass

        set_limit(resource.RLIMIT_AS, self.memory_bytes)
        set_limit(resource.RLIMIT_CPU, self.cpu_seconds, self.cpu_seconds + 2)
        set_limit(resource.RLIMIT_FSIZE, self.file_bytes)
        set_limit(resource.RLIMIT_CORE, 0)
        if hasattr(resource, "RLIMIT_NPROC") and os.geteuid() != 0:
            # counts every task of the user: leave room for the ones running now
            set_limit(resource.RLIMIT_NPROC, user_tasks() + self.processes + 8)


def user_tasks() -> int:
    """Threads of all processes of this user (what RLIMIT_NPROC counts), or 0 if unknown."""
    uid, total = os.getuid(), 0
    try:
        names = os.listdir("/proc")
    except OSError:
        return 0
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status", encoding="ascii", errors="replace") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            if int(fields["Uid"].split()[0]) == uid:
                total += int(fields["Threads"])
        except (OSError, KeyError, ValueError):
            continue
    return total
