/// <reference lib="dom" />
// What the panel's browser tests share: a real training run's epochs, a run header, and ways
// to post to the page and read its charts back (chart.js objects of window.rnnLabCharts).

import type { Page } from 'playwright-core';
import { Trainer } from '../../src/core/trainer';
import type { EpochPoint, HostToPanel, RunHeader } from '../../src/panel/protocol';
import { toEpochPoint } from '../../src/panel/series';
import { runEpoch } from '../helpers/runEpoch';
import { adam, dense, makeTrainerConfig, rnn, sineData } from '../helpers/trainerConfig';

/** A recorded stream: a real training run's epoch events. */
export function recordedPoints(epochs: number): EpochPoint[] {
  const data = sineData(32, 8);
  const trainer = new Trainer(
    makeTrainerConfig({
      train: data,
      validation: data,
      model: { layers: [rnn(6), dense(1)] },
      training: { epochs, batchSize: 8, optimizer: adam(0.02), clipNorm: 0.5 },
    }),
  );
  return Array.from({ length: epochs }, () => toEpochPoint(runEpoch(trainer)));
}

export const header = (over: Partial<RunHeader> = {}): RunHeader => ({
  name: 'sine',
  status: 'completed',
  epochs: 30,
  epochsCompleted: 30,
  startedAt: '2026-01-01T00:00:00Z',
  endedAt: '2026-01-01T00:00:05Z',
  finalLoss: 0.01,
  ...over,
});

export async function send(page: Page, message: HostToPanel): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

/** Waits for the ≤10 Hz render to have happened. */
export const settle = (page: Page) => page.waitForTimeout(250);

export type Series = {
  label: string;
  data: { x: number; y: number | null }[];
  borderDash?: number[];
  borderColor?: string;
  pointRadius?: number[];
};
/** A chart's datasets as the page holds them (chart.js objects of window.rnnLabCharts). */
export const datasets = (page: Page, chart: string): Promise<Series[]> =>
  page.evaluate(
    (id) =>
      (window as any).rnnLabCharts[id].data.datasets.map((d: Series) => ({
        label: d.label,
        data: d.data,
        borderDash: d.borderDash,
        borderColor: d.borderColor,
        pointRadius: d.pointRadius,
      })),
    chart,
  );
export const ys = (s: Series | undefined) => s?.data.map((p) => p.y);

/** Counts the canvas's drawn pixels. */
export const inked = (page: Page, id: string) =>
  page.evaluate((cid) => {
    const c = document.getElementById(cid) as HTMLCanvasElement;
    const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
    return n;
  }, id);

/** The page's uncaught errors, collected from now on. */
export function pageErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  return errors;
}
