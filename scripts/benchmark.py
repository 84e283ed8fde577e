"""Benchmark: whole-process times of amip's builds against the WeasyPrint floor, and peak memory.

Run from the repository root:  .venv/bin/python scripts/benchmark.py [--laeufe 5] [--stapel 4]
Every figure is the median and the range (min-max) of several runs, each in a fresh process.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
AMIP = [sys.executable, "-m", "amip.cli"]

FLOOR = """
import sys
from weasyprint import HTML
from amip.pdf.conformance import Standards
HTML(filename=sys.argv[1], base_url=sys.argv[2]).write_pdf(sys.argv[3], **Standards().options())
"""
"""The engine floor: import WeasyPrint and render amip's final HTML with the same options, nothing else."""


FLOOR_BATCH = """
import sys
from concurrent.futures import ProcessPoolExecutor


def render(job):
    from weasyprint import HTML
    from amip.pdf.conformance import Standards

    html, base, target = job
    HTML(filename=html, base_url=base).write_pdf(target, **Standards().options())


if __name__ == "__main__":
    html, base, out, count, workers = sys.argv[1:]
    with ProcessPoolExecutor(int(workers)) as pool:
        list(pool.map(render, [(html, base, f"{out}-{index}.pdf") for index in range(int(count))]))
"""
"""The engine floor of a batch: WeasyPrint alone renders the final HTML `count` times on `workers` processes."""


def run(command: list[str]) -> tuple[float, int]:
    """Run a fresh process; return its wall time in seconds and its peak memory in MB."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"fehlgeschlagen: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}")
    return seconds, usage.ru_maxrss // 1024


def measure(runs: int, prepare: Callable[[int], list[str]]) -> list[tuple[float, int]]:
    """`runs` measurements; `prepare(i)` readies run i and returns its command."""
    return [run(prepare(index)) for index in range(runs)]


def figure(results: list[tuple[float, int]]) -> str:
    times = [seconds for seconds, _ in results]
    return f"{statistics.median(times):6.2f} s  ({min(times):.2f}-{max(times):.2f})"


def median(results: list[tuple[float, int]]) -> float:
    return statistics.median(seconds for seconds, _ in results)


def final_html(data_dir: Path, work: Path) -> Path:
    """amip's final HTML for `data_dir`, as WeasyPrint receives it, written to a file."""
    from amip.charts import chart_files
    from amip.commands.validate import check
    from amip.fonts import data_set_fonts
    from amip.render import render_html

    checked = check(data_dir)
    fonts = data_set_fonts(data_dir)
    files = chart_files(checked.figures.charts, checked.program.gestaltung, work / "diagramme", fonts)
    html = render_html(checked.program, checked.figures, checked.raw.texts, data_dir,
                       {name: path.resolve().as_uri() for name, path in files.items()}, fonts)
    target = work / "final.html"
    target.write_text(html, encoding="utf-8")
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` by `new`."""
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def bench_data_set(data_dir: Path, runs: int, work: Path) -> None:
    copy = work / data_dir.name
    shutil.copytree(data_dir, copy)
    target = work / "out" / f"{data_dir.name}.pdf"
    build = [*AMIP, "build", str(copy), "-o", str(target)]

    def cold(index: int) -> list[str]:
        shutil.rmtree(target.parent, ignore_errors=True)
        return build

    cold_results = measure(runs, cold)
    noop = measure(runs, lambda index: build)
    text = next(iter(sorted((copy / "texte").glob("*.md"))))
    prose = measure(runs, lambda index: (text.write_text(text.read_text(encoding="utf-8") + f"\nLauf {index}.\n",
                                                          encoding="utf-8"), build)[1])
    charts = copy / "diagramme.yaml"
    value_changed = measure(runs, lambda index: (edit(charts, "werte: [", f"werte: [{index + 1}"), build)[1]) \
        if charts.exists() else []
    html = final_html(copy, work)
    floor = measure(runs, lambda index: [sys.executable, "-c", FLOOR, str(html), copy.resolve().as_uri() + "/",
                                         str(work / "floor.pdf")])
    print(f"\n{data_dir.name}")
    print(f"  Kaltstart (leere Caches)        {figure(cold_results)}   über Boden: {median(cold_results) - median(floor):+.2f} s")
    print(f"  Neubau ohne Änderung            {figure(noop)}")
    print(f"  Neubau nach Textänderung        {figure(prose)}   über Boden: {median(prose) - median(floor):+.2f} s")
    if value_changed:
        print(f"  Neubau nach geänderter Zahl     {figure(value_changed)}   über Boden: {median(value_changed) - median(floor):+.2f} s")
    print(f"  Boden (nur WeasyPrint)          {figure(floor)}")
    print(f"  Spitzenspeicher Kaltstart       {max(memory for _, memory in cold_results)} MB "
          f"(Boden {max(memory for _, memory in floor)} MB)")


def bench_commands(runs: int) -> None:
    example = DATA / "elbe-elster-2017"
    print("\nBefehle")
    print(f"  amip --help                     {figure(measure(runs, lambda index: [*AMIP, '--help']))}")
    print(f"  amip validate                   {figure(measure(runs, lambda index: [*AMIP, 'validate', str(example)]))}")


def bench_batch(runs: int, count: int, work: Path) -> None:
    example = DATA / "elbe-elster-2017"
    names = [f"jobcenter-{index:02}" for index in range(count)]
    for index, name in enumerate(names):  # each with its own figures, so no two share a chart
        shutil.copytree(example, work / "stapel" / name)
        edit(work / "stapel" / name / "diagramme.yaml", "werte: [", f"werte: [{index + 1}")
    results = {}
    for workers in (1, 2):
        def batch(index: int, workers: int = workers) -> list[str]:
            shutil.rmtree(work / "output", ignore_errors=True)
            return [*AMIP, "build", *(str(work / "stapel" / name) for name in names), "-j", str(workers)]
        results[workers] = measure(runs, batch)
    print(f"\nStapel aus {count} Datensätzen (Kopien des Beispiels mit je eigenen Zahlen, leere Caches)")
    for workers, result in results.items():
        print(f"  {workers} Prozess{'e' if workers > 1 else ' '}                      {figure(result)}   "
              f"{count / median(result):.2f} PDF/s, Spitzenspeicher {max(m for _, m in result)} MB")
    print(f"  Durchsatz 2 : 1                 {median(results[1]) / median(results[2]):.2f}x")
    html, script = final_html(example, work), work / "boden_stapel.py"
    script.write_text(FLOOR_BATCH, encoding="utf-8")
    floor = {workers: measure(runs, lambda index, workers=workers: [
        sys.executable, str(script), str(html), example.resolve().as_uri() + "/", str(work / "boden"), str(count),
        str(workers)]) for workers in (1, 2)}
    print(f"  Boden im Stapel (nur WeasyPrint) {figure(floor[1])} / {figure(floor[2])}   "
          f"Durchsatz 2 : 1 {median(floor[1]) / median(floor[2]):.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laeufe", type=int, default=5, help="Läufe je Messung (Standard 5)")
    parser.add_argument("--stapel", type=int, default=20, help="Datensätze im Stapel (Standard 20)")
    arguments = parser.parse_args()
    print(f"amip-Benchmark: {platform.processor() or platform.machine()}, {len(os.sched_getaffinity(0))} Kerne, "
          f"Python {platform.python_version()}, Median (Min-Max) aus {arguments.laeufe} Läufen")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        os.chdir(work)
        for data_dir in sorted(path for path in DATA.iterdir() if (path / "programm.yaml").is_file()):
            bench_data_set(data_dir, arguments.laeufe, work)
        bench_commands(arguments.laeufe)
        bench_batch(arguments.laeufe, arguments.stapel, work)


if __name__ == "__main__":
    main()
