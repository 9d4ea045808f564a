// The README's screenshots are taken by the browser tests, so they show the views as they are:
// with RNN_LAB_SCREENSHOTS=1 a test also saves its view to docs/images/NAME.png (commit them).

import * as path from 'node:path';

const DOC_IMAGES = path.resolve(__dirname, '../../docs/images');

interface Shootable {
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
}

/** Saves what `target` shows to docs/images/NAME.png when RNN_LAB_SCREENSHOTS=1; else nothing. */
export async function docScreenshot(target: Shootable, name: string): Promise<void> {
  if (process.env.RNN_LAB_SCREENSHOTS !== '1') return;
  await target.screenshot({ path: path.join(DOC_IMAGES, `${name}.png`) });
}
