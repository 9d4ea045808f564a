// The conventions of the VS Code ecosystem, as package.json keeps them: a walkthrough whose
// every step runs a command and shows a picture that ships, a 128 px marketplace icon, the
// repository, and every command where users look for it, offered only where it can work.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
const commands = new Set<string>(contributes.commands.map((c: { command: string }) => c.command));
type MenuItem = { command: string; when?: string; group?: string };
const menus = contributes.menus as Record<string, MenuItem[]>;
const ignored = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

/** The width and height a PNG file says it has (its IHDR chunk). */
function pngSize(file: string): [number, number] {
  const bytes = readFileSync(file);
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${file} is a PNG`);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('the extension manifest', () => {
  it('has a walkthrough: create, train, read the panel, compare, sweep, PyTorch — each with its command and a picture', () => {
    const [walkthrough] = contributes.walkthroughs;
    const steps = walkthrough.steps as { id: string; description: string; media: { image: string; altText: string } }[];
    assert.deepEqual(
      steps.map((s) => s.id),
      ['createExperiment', 'train', 'readPanel', 'compare', 'sweep', 'pytorch'],
    );
    for (const step of steps) {
      const links = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
      assert.equal(links.length, 1, `${step.id}: one command button`);
      assert.ok(commands.has(links[0]), `${step.id}: ${links[0]} is a contributed command`);
      assert.match(step.media.image, /^media\/walkthrough\/[\w-]+\.png$/, step.id);
      assert.ok(existsSync(path.join(ROOT, step.media.image)), `${step.media.image} exists`);
      assert.ok(step.media.altText.length > 20, `${step.id}: the picture is described`);
    }
  });

  it('has a 128 px PNG icon that ships, a gallery banner, the repository, bugs and a changelog', () => {
    assert.deepEqual(pngSize(path.join(ROOT, manifest.icon)), [128, 128]);
    assert.ok(!ignored.some((p) => p === manifest.icon || p === 'media/**'), 'the icon is not left out of the .vsix');
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
    assert.match(manifest.repository.url, /^https:\/\//);
    assert.match(manifest.bugs.url, /^https:\/\//);
    assert.ok(manifest.keywords.length >= 5 && manifest.keywords.length <= 30);
    assert.ok(existsSync(path.join(ROOT, 'CHANGELOG.md')), 'CHANGELOG.md');
  });

  it('offers every command somewhere a user looks: the palette or a menu', () => {
    const hiddenInPalette = new Set(menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
    const inMenus = new Set(
      Object.entries(menus)
        .filter(([menu]) => menu !== 'commandPalette')
        .flatMap(([, items]) => items.map((i) => i.command)),
    );
    // Lenses' own: Open Run of a directory ("Last run"; the palette has rnnLab.runs.open), Stop of a PyTorch training.
    const fromLenses = new Set(['rnnLab.openRun', 'rnnLab.stopPyTorch']);
    for (const command of commands)
      assert.ok(
        !hiddenInPalette.has(command) || inMenus.has(command) || fromLenses.has(command),
        `${command} is reachable`,
      );
  });

  it('offers experiment commands only on experiment files, and Sample Text only for character models', () => {
    const onFiles = ['editor/title', 'editor/context', 'explorer/context'].flatMap((m) => menus[m] ?? []);
    for (const item of onFiles)
      assert.match(item.when ?? '', /resourceFilename =~ \/\\\.rnn\\\.json\$\//, `${item.command} on any file`);
    for (const id of ['rnnLab.train', 'rnnLab.validate', 'rnnLab.sweep'])
      assert.ok(
        menus['editor/context'].some((i) => i.command === id),
        `${id} in the editor's context menu`,
      );
    const sample = [...menus['view/item/context'], ...menus.commandPalette].filter(
      (i) => i.command === 'rnnLab.runs.sample',
    );
    assert.ok(sample.length >= 2);
    for (const item of sample) assert.match(item.when ?? '', /\\\.text\$|rnnLab\.hasCharacterRuns/, item.when);
    const keys = contributes.keybindings as { command: string; when: string }[];
    assert.ok(
      keys.some((k) => k.command === 'rnnLab.train' && /rnn\\\.json/.test(k.when)),
      'a key to train',
    );
  });
});
