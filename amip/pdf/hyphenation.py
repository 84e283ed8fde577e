"""Parsed hyphenation patterns kept between builds, so WeasyPrint need not parse pyphen's dictionary each time."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from amip.filters import LOCALE


def preload(cache_dir: Path) -> None:
    """Put the German patterns into pyphen's dictionary cache, read from JSON keyed by the dictionary's content."""
    import pyphen

    source = pyphen.LANGUAGES[pyphen.language_fallback(LOCALE)]
    if source in pyphen.hdcache:
        return
    cached = cache_dir / f"{Path(source.name).stem}-{hashlib.sha256(source.read_bytes()).hexdigest()[:16]}.json"
    pyphen.hdcache[source] = _from_json(cached) or _parse_and_keep(source, cached)


def _from_json(cached: Path) -> Any:
    """The dictionary as kept by an earlier build, or None."""
    import pyphen

    try:
        patterns = {key: (start, tuple(values))
                    for key, (start, values) in json.loads(cached.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, TypeError):
        return None
    dictionary = pyphen.HyphDict.__new__(pyphen.HyphDict)
    dictionary.patterns, dictionary.cache, dictionary.maxlen = patterns, {}, max(map(len, patterns), default=0)
    return dictionary


def _parse_and_keep(source: Any, cached: Path) -> Any:
    """Parse the dictionary; keep its patterns as JSON unless it uses pyphen's non-standard patterns."""
    import pyphen

    from amip.output import atomic_file

    dictionary = pyphen.HyphDict(source)
    if all(type(value) is int for _, values in dictionary.patterns.values() for value in values):
        with atomic_file(cached) as stream:
            stream.write(json.dumps({key: [start, list(values)]
                                     for key, (start, values) in dictionary.patterns.items()}).encode())
    return dictionary
