// What a person does when RNN Lab refuses to train in Restricted Mode: opens the notifications
// (an Extension Development Host shows no toasts), clicks the refusal's "Manage Workspace Trust"
// button, then "Trust" in VS Code's Workspace Trust editor. It acts only once the in-host suite
// asks (by writing `askFile`), so the suite sees Restricted Mode first.
import fs from 'node:fs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function grantTrustWhenAsked(page, askFile) {
  let stopped = false;
  void (async () => {
    while (!stopped && !fs.existsSync(askFile)) await sleep(200);
    if (stopped) return;
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget .quick-input-box input').fill('>Notifications: Show Notifications');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Notifications' }).first().click();
    const refusal = page
      .locator('.notifications-center .notification-list-item', { hasText: 'Training needs a trusted workspace' })
      .first();
    await refusal.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).click({ timeout: 30000 });
    await page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).click({ timeout: 30000 });
    console.log('trust operator: clicked Manage Workspace Trust on the refusal, then Trust');
  })().catch(async (err) => {
    console.error(`trust operator: ${err.message}`);
    await page.screenshot({ path: `${askFile}.png` }).catch(() => undefined);
    console.error(`trust operator: the window as it was: ${askFile}.png`);
  });
  return {
    stop() {
      stopped = true;
    },
  };
}
