"""Draw charts as SVG with matplotlib: one theme, German numbers, same data → same bytes."""

from __future__ import annotations

import functools
import hashlib
import io
import json
import math
import textwrap
import warnings
from collections.abc import Callable, Sequence
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

from amip.derive.diagramme import ChartFigures, Series
from amip.errors import DataError, Problem
from amip.filters import LOCALE, NBSP, eur, prozent, zahl
from amip.fonts import FontFile, register_for_charts
from amip.model.diagramme import ChartUnit, Diagrammart
from amip.model.gestaltung import Gestaltung
from amip.output import atomic_file

CM = 1 / 2.54
SALT = "amip"
KIND_NAMES = {Diagrammart.linie: "Liniendiagramm", Diagrammart.saeulen: "Säulendiagramm",
              Diagrammart.balken: "Balkendiagramm", Diagrammart.kreis: "Kreisdiagramm",
              Diagrammart.ring: "Ringdiagramm"}
UNDRAWABLE = ("die Abbildung lässt sich nicht zeichnen: matplotlib kann eine Beschriftung oder einen Wert nicht "
              "setzen; bitte kategorien, die Namen der reihen, achse_x und achse_y prüfen")
LABEL_WIDTH = 42
"""Characters per line of a category label beside horizontal bars."""
CHARACTER_WIDTH = 0.17
"""Average width of a character of a tick label in cm, for wrapping labels under columns."""


# --- Zahlen -------------------------------------------------------------------------------


def value_label(value: Decimal, chart: ChartFigures) -> str:
    """A value as bars and alt texts show it: „7.485“, „54,1 %“, „1.480.000 €“."""
    decimals = chart.spec.decimals
    if chart.spec.unit is ChartUnit.prozent:
        return prozent(value, 1 if decimals is None else decimals)
    if chart.spec.unit is ChartUnit.euro:
        return eur(value, decimals or 0)
    return zahl(value, decimals or 0)


def tick_formatter(unit: ChartUnit) -> Any:
    """A matplotlib formatter writing ticks with German separators, as many decimals as the step needs."""
    from matplotlib import ticker

    class GermanTicks(ticker.Formatter):
        ticks: list[float] = []

        def set_locs(self, locs: Any) -> None:
            self.ticks = [float(tick) for tick in locs]

        def __call__(self, value: float, pos: int | None = None) -> str:
            ticks = self.ticks
            scale = 1_000_000 if unit is ChartUnit.euro and max(map(abs, ticks), default=0) >= 1_000_000 else 1
            step = abs(ticks[1] - ticks[0]) / scale if len(ticks) > 1 else 1
            places = max(0, -math.floor(math.log10(step) + 1e-9)) if 0 < step < 1 else 0
            number = zahl(Decimal(str(float(value) / scale)), places)
            if unit is ChartUnit.prozent:
                return f"{number}{NBSP}%"
            if unit is ChartUnit.euro:
                return f"{number}{NBSP}Mio.{NBSP}€" if scale > 1 else f"{number}{NBSP}€"
            return number

    return GermanTicks()


# --- Zeichnen -------------------------------------------------------------------------------


def style(theme: Gestaltung) -> dict[str, Any]:
    """matplotlib settings for every chart, from the document's design."""
    from cycler import cycler

    return {
        "svg.fonttype": "none", "svg.hashsalt": SALT,
        "font.family": theme.font, "font.size": float(theme.chart_font_size),
        "text.color": theme.text, "axes.labelcolor": theme.text,
        "xtick.color": theme.text, "ytick.color": theme.text,
        "axes.edgecolor": theme.grid, "axes.linewidth": 0.6,
        "axes.spines.top": False, "axes.spines.right": False,
        "axes.grid": False, "grid.color": theme.grid, "grid.linewidth": 0.5,
        "axes.prop_cycle": cycler(color=theme.series),
        "legend.frameon": False, "xtick.major.size": 0, "ytick.major.size": 0,
        "figure.dpi": 72,
        "text.parse_math": False,  # data text is text: „5 $ bis 10 $“ keeps its dollars, „$\\frac{}$“ is no formula
    }


def draw_svg(chart: ChartFigures, theme: Gestaltung) -> bytes:
    """The chart as SVG bytes; identical input gives identical bytes."""
    import matplotlib

    matplotlib.use("svg")
    from matplotlib import pyplot

    with matplotlib.rc_context(style(theme)), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # matplotlib's notes on layout and glyphs are for developers, in English
        figure, axes = pyplot.subplots(figsize=_size(chart, theme))
        try:
            DRAW[chart.spec.kind](axes, chart, theme)
            if chart.spec.x_label:
                axes.set_xlabel(chart.spec.x_label)
            if chart.spec.y_label:
                axes.set_ylabel(chart.spec.y_label)
            figure.tight_layout(pad=0.4)
            buffer = io.BytesIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None})
        except (ValueError, OverflowError, RuntimeError) as error:  # what matplotlib raises for text it cannot set
            raise DataError([Problem(None, f"diagramme.{chart.name}", UNDRAWABLE)]) from error
        finally:
            pyplot.close(figure)
    return buffer.getvalue()


def _size(chart: ChartFigures, theme: Gestaltung) -> tuple[float, float]:
    height = float(theme.chart_height)
    if chart.spec.kind is Diagrammart.balken:
        height = max(height, sum(_bar_pitches(chart)) + 1.4)
    return float(theme.chart_width) * CM, height * CM


@functools.cache
def _hyphenator() -> Any:
    import pyphen

    return pyphen.Pyphen(lang=LOCALE)


def _wrap(label: str, width: int = LABEL_WIDTH) -> str:
    """Break a category label into lines of about `width` characters, hyphenating long German words."""
    hyphenator = _hyphenator()
    lines = []
    for line in textwrap.wrap(label, width, break_long_words=False) or [label]:
        while len(line) > width and (parts := hyphenator.wrap(line, width)):
            lines.append(parts[0])
            line = parts[1]
        lines.append(line)
    return "\n".join(lines)


def _bar_pitches(chart: ChartFigures) -> list[float]:
    """Room in cm each horizontal bar takes: more for labels that wrap onto a second line."""
    return [0.5 + 0.32 * (_wrap(category).count("\n")) for category in chart.categories]


def _floats(series: Series) -> list[float]:
    return [float(value) for value in series.values]


def _labels(chart: ChartFigures, series: Series) -> list[str]:
    return [value_label(value, chart) for value in series.values]


def _legend(axes: Any, count: int) -> None:
    if count > 1:
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=min(count, 4))


def _line(axes: Any, chart: ChartFigures, theme: Gestaltung) -> None:
    positions = range(len(chart.categories))
    size = float(theme.chart_font_size) - 0.5
    for series in chart.series:
        axes.plot(positions, _floats(series), marker="o", markersize=3.5, linewidth=1.8, label=series.name)
    if len(chart.series) == 1:
        for index, label in enumerate(_labels(chart, chart.series[0])):
            axes.annotate(label, (index, float(chart.series[0].values[index])), textcoords="offset points",
                          xytext=(0, 6), ha="center", fontsize=size)
    else:  # only the latest values, beside the line ends, the highest above and the lowest below
        ranked = sorted(chart.series, key=lambda series: -series.values[-1])
        for rank, series in enumerate(ranked):
            offset, align = ((0, 6), "bottom") if rank == 0 else ((0, -6), "top") if rank == len(ranked) - 1 \
                else ((8, 0), "center")
            axes.annotate(_labels(chart, series)[-1], (positions[-1], float(series.values[-1])),
                          textcoords="offset points", xytext=offset, ha="center", va=align, fontsize=size)
    _value_axis(axes.yaxis, chart)
    axes.set_xticks(list(positions), chart.categories)
    axes.grid(axis="y")
    axes.margins(x=0.04, y=0.15)
    if _all_positive(chart):
        axes.set_ylim(bottom=0)
    _legend(axes, len(chart.series))


def _columns(axes: Any, chart: ChartFigures, theme: Gestaltung) -> None:
    count = len(chart.series)
    positions = range(len(chart.categories))
    width = 0.7 if chart.spec.stacked or count == 1 else 0.8 / count
    bottoms = [0.0] * len(chart.categories)
    for index, series in enumerate(chart.series):
        values = _floats(series)
        if chart.spec.stacked:
            bars = axes.bar(positions, values, width, bottom=bottoms, label=series.name)
            axes.bar_label(bars, _labels(chart, series), label_type="center", color="white",
                           fontsize=float(theme.chart_font_size) - 0.5)
            bottoms = [bottom + value for bottom, value in zip(bottoms, values)]
        else:
            offset = (index - (count - 1) / 2) * width if count > 1 else 0
            bars = axes.bar([p + offset for p in positions], values, width, label=series.name)
            labels = _labels(chart, series)
            if count > 1:  # side by side the unit would crowd the labels; the axis carries it
                labels = [label.removesuffix(f"{NBSP}%") for label in labels]
            axes.bar_label(bars, labels, padding=2, fontsize=float(theme.chart_font_size) - (0.5 if count == 1 else 1))
    if chart.spec.stacked:
        for position, total in zip(positions, stack_totals(chart)):
            axes.annotate(value_label(total, chart), (position, float(total)), textcoords="offset points",
                          xytext=(0, 3), ha="center", fontweight="bold")
    _highlight_columns(axes, chart, theme)
    _value_axis(axes.yaxis, chart)
    characters = max(4, int(float(theme.chart_width) / len(chart.categories) / CHARACTER_WIDTH))
    axes.set_xticks(list(positions), [_wrap(c, characters) for c in chart.categories])
    axes.grid(axis="y")
    axes.set_axisbelow(True)
    axes.margins(y=0.12)
    _legend(axes, count)


def _bars(axes: Any, chart: ChartFigures, theme: Gestaltung) -> None:
    series = chart.series[0]
    pitches = _bar_pitches(chart)
    positions = [sum(pitches[:index]) + pitch / 2 for index, pitch in enumerate(pitches)]
    bars = axes.barh(positions, _floats(series), 0.34, color=theme.series[0])
    axes.bar_label(bars, _labels(chart, series), padding=3, fontsize=float(theme.chart_font_size) - 0.5)
    for position, pitch, category in zip(positions, pitches, chart.categories):
        if category in chart.spec.highlight:
            axes.axhspan(position - pitch / 2, position + pitch / 2, color=theme.highlight, zorder=0, linewidth=0)
    axes.set_yticks(positions, [_wrap(c) for c in chart.categories])
    axes.set_ylim(sum(pitches), 0)
    axes.axvline(0, color=theme.text, linewidth=0.6)
    _value_axis(axes.xaxis, chart)
    axes.grid(axis="x")
    axes.set_axisbelow(True)
    axes.spines["left"].set_visible(False)
    axes.margins(x=0.18)


def stack_totals(chart: ChartFigures) -> list[Decimal]:
    """The height of each stacked column: the sum of its series' values."""
    return [sum(values, Decimal(0)) for values in zip(*(series.values for series in chart.series))]


def _highlight_columns(axes: Any, chart: ChartFigures, theme: Gestaltung) -> None:
    for index, category in enumerate(chart.categories):
        if category in chart.spec.highlight:
            axes.axvspan(index - 0.5, index + 0.5, color=theme.highlight, zorder=0, linewidth=0)


def _pie(axes: Any, chart: ChartFigures, theme: Gestaltung) -> None:
    series = chart.series[0]
    values = _floats(series)
    colours = [theme.series[index % len(theme.series)] for index in range(len(values))]
    ring = {"width": 0.42} if chart.spec.kind is Diagrammart.ring else {}
    wedges, _ = axes.pie(values, colors=colours, startangle=90, counterclock=False,
                         wedgeprops={"edgecolor": "white", "linewidth": 1, **ring})
    legend = [f"{category}: {label}" for category, label in zip(chart.categories, _labels(chart, series))]
    axes.legend(wedges, legend, loc="center left", bbox_to_anchor=(1.0, 0.5))
    axes.set_aspect("equal")


def _value_axis(axis: Any, chart: ChartFigures) -> None:
    from matplotlib import ticker

    axis.set_major_locator(ticker.MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
    axis.set_major_formatter(tick_formatter(chart.spec.unit))


def _all_positive(chart: ChartFigures) -> bool:
    return all(value >= 0 for series in chart.series for value in series.values)


DRAW: dict[Diagrammart, Callable[[Any, ChartFigures, Gestaltung], None]] = {
    Diagrammart.linie: _line, Diagrammart.saeulen: _columns, Diagrammart.balken: _bars,
    Diagrammart.kreis: _pie, Diagrammart.ring: _pie,
}


# --- Alternativtext -------------------------------------------------------------------------


def describe(chart: ChartFigures) -> str:
    """The alt text: the chart's own, or one generated from its data."""
    if chart.spec.alt_text:
        return chart.spec.alt_text
    spec = chart.spec
    kind = KIND_NAMES[spec.kind] + (" (gestapelt)" if spec.stacked else "")
    if spec.kind is Diagrammart.balken:
        kind += ", absteigend sortiert"
    sentences = [f"{kind}: {spec.title}{f', {spec.subtitle}' if spec.subtitle else ''}."]
    sentences += [_describe_series(chart, series) for series in chart.series]
    if spec.stacked:
        sentences.append("Summen: " + ", ".join(f"{c} {value_label(t, chart)}"
                                                for c, t in zip(chart.categories, stack_totals(chart))) + ".")
    if spec.highlight:
        sentences.append("Grau hinterlegt: " + ", ".join(spec.highlight) + ".")
    return " ".join(sentences)


def _describe_series(chart: ChartFigures, series: Series) -> str:
    spec = chart.spec
    labels = dict(zip(chart.categories, _labels(chart, series)))
    if spec.kind is Diagrammart.linie:
        first, last = chart.categories[0], chart.categories[-1]
        text = f"von {labels[first]} ({first}) auf {labels[last]} ({last})."
    elif spec.kind in (Diagrammart.kreis, Diagrammart.ring):
        text = "; ".join(f"{category} {label}" for category, label in labels.items()) + "."
    else:
        values = dict(zip(chart.categories, series.values))
        high = max(values, key=lambda category: values[category])
        low = min(values, key=lambda category: values[category])
        text = f"höchster Wert {high} mit {labels[high]}, niedrigster Wert {low} mit {labels[low]}."
    return f"{series.name}: {text}" if len(chart.series) > 1 else text[0].upper() + text[1:]


# --- Zwischenspeicher ---------------------------------------------------------------------


@functools.cache
def _drawing_code() -> str:
    """What else decides how a chart looks: matplotlib's version and this module's source (read once)."""
    return f"{metadata.version('matplotlib')}:{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}"


def cache_key(chart: ChartFigures, theme: Gestaltung, font_digests: Sequence[str] = ()) -> str:
    """A digest of everything the drawing depends on: spec, data, theme, fonts, matplotlib and this module."""
    content = {
        "spec": chart.spec.model_dump(mode="json"),
        "categories": chart.categories,
        "series": [[series.name, [str(value) for value in series.values]] for series in chart.series],
        "theme": theme.model_dump(mode="json"),
        "fonts": list(font_digests),
        "code": _drawing_code(),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:20]


def chart_files(charts: dict[str, ChartFigures], theme: Gestaltung, cache_dir: Path,
                fonts: Sequence[FontFile] = ()) -> dict[str, Path]:
    """Each chart's SVG file in `cache_dir`, drawn only when no file for its content key exists yet."""
    files = planned_chart_files(charts, theme, cache_dir, fonts)
    draw_missing(charts, theme, files, fonts)
    return files


def planned_chart_files(charts: dict[str, ChartFigures], theme: Gestaltung, cache_dir: Path,
                        fonts: Sequence[FontFile] = ()) -> dict[str, Path]:
    """The SVG file each chart has in `cache_dir`, named by its content key; it may not be drawn yet."""
    digests = [font.digest for font in fonts]
    return {name: cache_dir / f"{name}-{cache_key(chart, theme, digests)}.svg" for name, chart in charts.items()}


def draw_missing(charts: dict[str, ChartFigures], theme: Gestaltung, files: dict[str, Path],
                 fonts: Sequence[FontFile] = ()) -> None:
    """Draw the charts whose planned file is not there yet."""
    missing = [name for name, path in files.items() if not path.exists()]
    if missing:
        register_for_charts(fonts)
    for name in missing:
        with atomic_file(files[name]) as stream:
            stream.write(draw_svg(charts[name], theme))
