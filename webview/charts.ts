// chart.js set up for live training curves: no parsing, no animation, decimation on.

import { Chart, registerables, type ChartConfiguration, type ChartDataset } from 'chart.js';
import { foreground, gridColor } from './theme';

Chart.register(...registerables);

export type XY = { x: number; y: number | null };

export function lineChart(canvas: HTMLCanvasElement, options: { logY?: boolean; xTitle: string; yTitle: string }): Chart<'line', XY[]> {
  const config: ChartConfiguration<'line', XY[]> = {
    type: 'line',
    data: { datasets: [] },
    options: {
      parsing: false,
      animation: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      spanGaps: true,
      elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } },
      plugins: {
        decimation: { enabled: true, algorithm: 'min-max' },
        legend: { labels: { color: foreground(), boxWidth: 12 } },
        tooltip: { mode: 'nearest', intersect: false },
      },
      scales: {
        x: { type: 'linear', title: { display: true, text: options.xTitle, color: foreground() }, ticks: { color: foreground() }, grid: { color: gridColor() } },
        y: { type: options.logY ? 'logarithmic' : 'linear', title: { display: true, text: options.yTitle, color: foreground() }, ticks: { color: foreground() }, grid: { color: gridColor() } },
      },
    },
  };
  return new Chart(canvas, config);
}

export function barChart(canvas: HTMLCanvasElement, yTitle: string): Chart<'bar', number[], string> {
  return new Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { labels: { color: foreground() } } },
      scales: {
        x: { ticks: { color: foreground(), maxRotation: 0, autoSkip: true }, grid: { color: gridColor() } },
        y: { title: { display: true, text: yTitle, color: foreground() }, ticks: { color: foreground() }, grid: { color: gridColor() } },
      },
    },
  });
}

export function setLogScale(chart: Chart<'line', XY[]>, log: boolean): void {
  chart.options.scales!.y!.type = log ? 'logarithmic' : 'linear';
}

/** Replaces the datasets' data; keeps chart.js objects to avoid re-creating the chart. */
export function setDatasets(chart: Chart<'line', XY[]>, datasets: ChartDataset<'line', XY[]>[]): void {
  chart.data.datasets = datasets;
  chart.update('none');
}
