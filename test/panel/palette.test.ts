// The charts' colours: 20 that do not repeat and stand out from the theme's background, one
// per parameter name, so a reader never sees layer0.Wx and layer2.Wx in the same blue.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPalette, contrast, inkOn, PALETTE_SIZE, shadeRgb, slotOf, type Rgb } from '../../src/panel/palette';
import { formatTime, formatWhen } from '../../src/format/numbers';
import { shortSetting } from '../../src/panel/runLabels';
import { runTime } from '../../src/runs/runTime';

const rgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as unknown as Rgb;
/** Distance in RGB, weighted for the eye (a "redmean" approximation of ΔE). */
function distance(a: Rgb, b: Rgb): number {
  const r = (a[0] + b[0]) / 2;
  const [dr, dg, db] = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
  return Math.sqrt((2 + r / 256) * dr * dr + 4 * dg * dg + (2 + (255 - r) / 256) * db * db);
}

describe('palette', () => {
  for (const background of ['#ffffff', '#f3f3f3', '#1e1e1e', '#1f1f1f', '#000000']) {
    it(`on ${background}: 20 colours, each ≥ 3:1 against the background, no two alike`, () => {
      const palette = buildPalette(rgb(background)).map(rgb);
      assert.equal(palette.length, PALETTE_SIZE);
      for (const c of palette) assert.ok(contrast(c, rgb(background)) >= 3, `rgb(${c.join(',')})`);
      for (let i = 0; i < palette.length; i++) {
        for (let j = i + 1; j < palette.length; j++)
          assert.ok(distance(palette[i], palette[j]) > 50, `colours ${i} and ${j} look alike`);
      }
    });
  }

  it("gives each parameter of five layers its own slot, and a layer's gates and steps the slot of its Wh", () => {
    const params = [0, 1, 2, 3, 4].flatMap((l) => ['Wx', 'Wh', 'b', 'alpha'].map((p) => `layer${l}.${p}`));
    assert.equal(new Set(params.map(slotOf)).size, 20);
    assert.notEqual(slotOf('layer0.Wx'), slotOf('layer2.Wx'));
    assert.equal(slotOf('layer3.W'), slotOf('layer3.Wx'), "a dense layer's W takes the input-weight slot");
    for (const k of ['layer1', 'layer1.f', 'layer1.Wh.f', 'layer1.step2.Wh'])
      assert.equal(slotOf(k), slotOf('layer1.Wh'), k);
  });

  for (const background of ['#ffffff', '#1e1e1e']) {
    it(`on ${background}: an LSTM's four parameters, bx and bh included, are four colours far apart`, () => {
      const palette = buildPalette(rgb(background)).map(rgb);
      const colours = ['Wx', 'Wh', 'bx', 'bh'].map((p) => palette[slotOf(`layer0.${p}`)]);
      for (let i = 0; i < colours.length; i++) {
        for (let j = i + 1; j < colours.length; j++)
          assert.ok(distance(colours[i], colours[j]) > 150, `parameters ${i} and ${j} look alike`);
      }
      assert.equal(
        slotOf('layer0.bx'),
        slotOf('layer0.b'),
        'an rnn layer’s one bias and an LSTM’s input bias share a slot',
      );
    });
  }
});

describe('heatmap shades', () => {
  for (const dark of [false, true]) {
    const background: Rgb = dark ? [30, 30, 30] : [255, 255, 255];
    it(`on a ${dark ? 'dark' : 'light'} theme: 0 is near the background, ±1 stands out, and text on any shade reads`, () => {
      assert.ok(contrast(shadeRgb(0, dark), background) < 1.6, 'an empty cell is not a pale block');
      for (const v of [-1, 1]) assert.ok(contrast(shadeRgb(v, dark), shadeRgb(0, dark)) >= 2.5, `${v} stands out`);
      for (let v = -1; v <= 1; v += 0.05)
        assert.ok(contrast(inkOn(shadeRgb(v, dark)), shadeRgb(v, dark)) >= 4.5, `text on the shade of ${v.toFixed(2)}`);
    });
  }
});

describe('run labels', () => {
  it('name a run by when it started: the time today, the day and time before', () => {
    const now = new Date(2026, 10, 29, 18, 0, 0);
    const today = new Date(2026, 10, 29, 16, 45, 1);
    assert.equal(runTime('/r/sine-20261129-164501', now), formatTime(today), 'in the one formatter');
    assert.equal(runTime('/r/sine-20261129-164501-2', now), `${formatTime(today)} (2)`);
    assert.equal(runTime('/r/sine-20261128-090501', now), formatWhen(new Date(2026, 10, 28, 9, 5, 1), now));
    assert.match(runTime('/r/sine-20261128-090501', now), /28/, 'an older run: its day');
    assert.equal(runTime('/r/imported', now), 'imported');
  });

  it('say a differing setting briefly', () => {
    assert.equal(shortSetting('training.optimizer.learningRate', '0.003'), 'lr 0.003');
    assert.equal(shortSetting('model.layers[1].units', '16'), 'layers[1].units 16');
    assert.equal(shortSetting('seed', null), 'seed —');
  });
});
