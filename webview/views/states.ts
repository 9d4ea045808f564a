// The Hidden states view: one probe sequence through the network — a units × time steps
// picture of h (or c, or a gate) of a chosen layer, the trace of the unit under the mouse, and
// for a character model the probe text with each character's background coloured by a chosen
// unit (Karpathy, Johnson & Fei-Fei 2015, fig. 3). Selecting a span of the text sorts the units
// by how much more they respond inside it than outside (LSTMVis's select → match, simplified).

import { formatNumber } from '../../src/format/numbers';
import { noteId, pickerId } from '../../src/panel/charts';
import type { RunInspection } from '../../src/panel/viewsProtocol';
import { setDatasets, type LineChart } from '../charts';
import { isDarkTheme, seriesColor } from '../theme';
import { drawGrid, inkFor, largest, normalised, shade } from './cells';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

interface Charts {
  readonly states: HTMLCanvasElement;
  readonly unitTrace: LineChart;
}

/** A state of a layer: "1:h", "1:c", "1:gate:f". */
export function stateOptions(r: RunInspection): { value: string; label: string }[] {
  return r.layers.flatMap((l, i) => [
    { value: `${i}:h`, label: `layer${l.layer} (${l.kind}) h` },
    ...(l.c ? [{ value: `${i}:c`, label: `layer${l.layer} (${l.kind}) c` }] : []),
    ...Object.keys(l.gates ?? {}).map((g) => ({
      value: `${i}:gate:${g}`,
      label: `layer${l.layer} (${l.kind}) gate ${g}`,
    })),
  ]);
}

/** The chosen state's values, (T, H). */
export function stateMatrix(r: RunInspection, key: string): number[][] {
  const [i, what, gate] = key.split(':');
  const layer = r.layers[Number(i)] ?? r.layers[r.layers.length - 1];
  return what === 'c' ? layer.c! : what === 'gate' ? layer.gates![gate] : layer.h;
}

/**
 * Units ranked by how much more they respond inside steps [from, to) than outside them:
 * mean activation inside − mean outside (all steps inside: the mean itself), largest first.
 */
export function spanUnits(m: readonly number[][], from: number, to: number): { unit: number; score: number }[] {
  const T = m.length;
  const H = m[0]?.length ?? 0;
  const mean = (j: number, a: number, b: number) => {
    let s = 0;
    for (let t = a; t < b; t++) s += m[t][j];
    return b > a ? s / (b - a) : 0;
  };
  return Array.from({ length: H }, (_, unit) => {
    const inside = mean(unit, from, to);
    const outside = to - from < T ? (mean(unit, 0, from) * from + mean(unit, to, T) * (T - to)) / (T - (to - from)) : 0;
    return { unit, score: inside - outside };
  }).sort((a, b) => b.score - a.score || a.unit - b.unit);
}

export class StatesView {
  private result: RunInspection | undefined;
  private hovered: number | undefined;
  private span: { from: number; to: number } | undefined;
  /** What the browser tests read: the ranking of the latest span selection. */
  ranking: { unit: number; score: number }[] = [];

  constructor(private readonly charts: Charts) {
    this.picker().addEventListener('change', () => this.draw());
    $('unitPick').addEventListener('change', () => this.draw());
    charts.states.addEventListener('mousemove', (e) => this.hover(e));
    charts.states.addEventListener('click', (e) => {
      this.hover(e);
      if (this.hovered !== undefined) this.chooseUnit(this.hovered);
    });
    $('probeChars').addEventListener('mouseup', () => this.selectSpan());
    // Drawn for the card's width: again when the column is resized (or the card first shows).
    new ResizeObserver(() => this.draw()).observe(charts.states.parentElement!);
  }

  show(result: RunInspection | { error: string } | undefined, shownAs: string): void {
    const note = $('statesNote');
    if (!result || 'error' in result) {
      note.textContent = result ? result.error : 'computing…';
      note.classList.toggle('error', Boolean(result));
      return;
    }
    note.classList.remove('error');
    note.textContent = `${shownAs}, ${result.input.text !== undefined ? `${result.input.shape[0]} characters` : `sample ${result.input.sample}`}`;
    this.result = result;
    const options = stateOptions(result);
    const picker = this.picker();
    const keep = picker.value;
    if (Array.from(picker.options, (o) => o.value).join() !== options.map((o) => o.value).join()) {
      picker.replaceChildren(
        ...options.map((o) =>
          Object.assign(document.createElement('option'), { value: o.value, textContent: o.label }),
        ),
      );
      // The last recurrent layer's h by default: the state the output reads.
      picker.value = options.some((o) => o.value === keep) ? keep : `${result.layers.length - 1}:h`;
    }
    this.draw();
  }

  private picker(): HTMLSelectElement {
    return $<HTMLSelectElement>(pickerId('states'));
  }

  private matrix(): number[][] | undefined {
    return this.result && stateMatrix(this.result, this.picker().value);
  }

  draw(): void {
    const m = this.matrix();
    if (!m || !this.result) return;
    const T = m.length;
    const H = m[0].length;
    const gate = this.picker().value.includes(':gate:');
    // Rows are units, columns time steps.
    const values = Array.from({ length: H * T }, (_, k) => m[k % T][Math.floor(k / T)]);
    const canvas = this.charts.states;
    // The card grows with the units (the canvas fills it), up to a height that still fits a screen.
    canvas.parentElement!.style.height = `${Math.min(560, Math.max(120, H * 10))}px`;
    drawGrid(canvas, { rows: H, cols: T, values, scale: gate ? 'unit' : 'diverging' });
    const range = gate ? '0 … 1' : `±${formatNumber(largest(values))}`;
    $(noteId('states')).textContent = `${H} units × ${T} steps, colours ${range}`;
    this.syncUnits(H);
    this.drawTrace();
    this.drawText();
  }

  private syncUnits(H: number): void {
    const pick = $<HTMLSelectElement>('unitPick');
    if (pick.options.length !== H) {
      const keep = pick.value;
      pick.replaceChildren(
        ...Array.from({ length: H }, (_, j) =>
          Object.assign(document.createElement('option'), { value: String(j), textContent: `unit ${j}` }),
        ),
      );
      // A new list starts at unit 0 (an empty keep is no unit: the select would show blank).
      pick.value = keep !== '' && Number(keep) < H ? keep : '0';
    }
  }

  private chooseUnit(unit: number): void {
    $<HTMLSelectElement>('unitPick').value = String(unit);
    this.draw();
  }

  private hover(e: MouseEvent): void {
    const m = this.matrix();
    if (!m) return;
    const rect = this.charts.states.getBoundingClientRect();
    const unit = Math.floor(((e.clientY - rect.top) / rect.height) * m[0].length);
    if (unit < 0 || unit >= m[0].length || unit === this.hovered) return;
    this.hovered = unit;
    this.drawTrace();
  }

  private drawTrace(): void {
    const m = this.matrix();
    const unit = this.hovered ?? Number($<HTMLSelectElement>('unitPick').value);
    if (!m || !(unit < m[0].length)) return;
    setDatasets(this.charts.unitTrace, [
      {
        label: `unit ${unit}`,
        data: m.map((row, t) => ({ x: t, y: row[unit] })),
        borderColor: seriesColor(0),
        backgroundColor: seriesColor(0),
        pointRadius: 2,
      },
    ]);
  }

  /** The probe's characters, each on the colour of the chosen unit's activation at its step. */
  private drawText(): void {
    const text = this.result?.input.text;
    const box = $('probeChars');
    box.hidden = text === undefined;
    $('unitLabel').hidden = text === undefined;
    $('spanNote').hidden = text === undefined;
    if (text === undefined) return;
    const m = this.matrix()!;
    const unit = Number($<HTMLSelectElement>('unitPick').value);
    const gate = this.picker().value.includes(':gate:');
    const max = largest(m.map((row) => row[unit]));
    const chars = Array.from(text);
    const dark = isDarkTheme();
    box.replaceChildren(
      ...chars.map((c, t) => {
        const span = document.createElement('span');
        span.dataset.t = String(t);
        span.textContent = c;
        const v = m[t]?.[unit] ?? 0;
        const at = normalised(v, { scale: gate ? 'unit' : 'diverging' }, max);
        span.style.background = shade(at, dark);
        span.style.color = inkFor(at, dark); // dark on pale, light on saturated red or blue
        span.title = `t=${t} ${JSON.stringify(c)}: ${formatNumber(v)}`;
        return span;
      }),
    );
    if (this.span) this.rank(this.span.from, this.span.to);
  }

  private selectSpan(): void {
    const selection = getSelection();
    if (!selection || selection.isCollapsed || !this.result) return;
    const stepOf = (node: Node | null) =>
      Number(
        (node instanceof Element ? node : node?.parentElement)?.closest('[data-t]')?.getAttribute('data-t') ?? NaN,
      );
    const a = stepOf(selection.anchorNode);
    const b = stepOf(selection.focusNode);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return;
    this.span = { from: Math.min(a, b), to: Math.max(a, b) + 1 };
    this.rank(this.span.from, this.span.to);
  }

  /** Lists the units that respond most inside the span; a click colours the text by one. */
  private rank(from: number, to: number): void {
    const m = this.matrix();
    if (!m) return;
    this.ranking = spanUnits(m, from, to);
    const chosen = Number($<HTMLSelectElement>('unitPick').value);
    const text = Array.from(this.result!.input.text ?? '')
      .slice(from, to)
      .join('');
    $('spanNote').textContent =
      `Units that respond most to ${JSON.stringify(text)} (steps ${from}–${to - 1}): mean inside − mean outside`;
    $('spanUnits').replaceChildren(
      ...this.ranking.slice(0, 12).map(({ unit, score }) => {
        const li = document.createElement('li');
        li.textContent = `unit ${unit} ${score >= 0 ? '+' : ''}${formatNumber(score)}`;
        li.dataset.unit = String(unit);
        if (unit === chosen) li.className = 'chosen';
        li.addEventListener('click', () => this.chooseUnit(unit));
        return li;
      }),
    );
  }
}
