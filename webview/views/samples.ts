// The Samples view of a character model: a form that asks the host for a sample (prime,
// length, temperature, seed; computed in a worker, so the editor never waits) and the samples
// recorded while it trained, newest first — like TensorBoard's text tab.

import type { EpochPoint } from '../../src/panel/protocol';
import type { RunSample, ViewEpoch, ViewRequest } from '../../src/panel/viewsProtocol';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export function sampleRequest(epoch: ViewEpoch): ViewRequest {
  const prime = $<HTMLInputElement>('samplePrime').value;
  return {
    kind: 'sample',
    epoch,
    ...(prime ? { prime } : {}),
    length: Math.max(1, Math.min(5000, Math.round(Number($<HTMLInputElement>('sampleLength').value) || 200))),
    temperature: Math.max(0, Number($<HTMLInputElement>('sampleTemperature').value) || 0),
    seed: Math.max(0, Math.round(Number($<HTMLInputElement>('sampleSeed').value) || 0)),
  };
}

export function renderSample(result: RunSample | { error: string } | undefined, waiting: boolean): void {
  const out = $('sampleOutput');
  const note = $('sampleNote');
  note.textContent = waiting ? 'sampling…' : '';
  if (!result) return;
  out.classList.toggle('error', 'error' in result);
  if ('error' in result) {
    out.textContent = result.error;
    return;
  }
  const prime = document.createElement('b');
  prime.textContent = result.prime;
  out.replaceChildren(prime, document.createTextNode(result.text));
  note.textContent = `weights of epoch ${result.epoch}, temperature ${result.temperature}, seed ${result.seed}`;
}

/** The samples recorded with the epochs, newest first. */
export function renderPeriodicSamples(points: readonly EpochPoint[]): number {
  const sampled = points.filter((p) => p.sample).reverse();
  const list = $('periodicSamples');
  if (
    list.childElementCount !== sampled.length ||
    list.firstElementChild?.getAttribute('data-epoch') !== String(sampled[0]?.epoch)
  ) {
    list.replaceChildren(
      ...sampled.map((p) => {
        const li = document.createElement('li');
        li.dataset.epoch = String(p.epoch);
        const epoch = document.createElement('span');
        epoch.className = 'epoch';
        epoch.textContent = `epoch ${p.epoch} (T ${p.sample!.temperature}): `;
        const prime = document.createElement('b');
        prime.textContent = p.sample!.prime;
        li.append(epoch, prime, document.createTextNode(p.sample!.text));
        return li;
      }),
    );
  }
  $('periodicNote').textContent = sampled.length
    ? ''
    : "None yet: a character model's run records one every ~tenth of its epochs (rnn-lab train --sample-every N).";
  return sampled.length;
}
