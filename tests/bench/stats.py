"""One summary for every timed figure: median, minimum, peak RSS, runs."""

from __future__ import annotations

import statistics


def summarise(samples: list[tuple[float, int]], runs: int) -> dict:
    """(seconds, peak RSS KiB) samples as the report's milliseconds and MB."""
    times = [s[0] * 1000 for s in samples]
    return {
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "rss_mb": max(s[1] for s in samples) / 1024,
        "runs": runs,
    }
