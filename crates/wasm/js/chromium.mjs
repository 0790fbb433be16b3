// Debian's headless Chromium through playwright-core, as the browser test and the timing use
// it: the system's /usr/bin/chromium (no browser is downloaded), a fresh profile directory,
// nothing that reaches out of the machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

/**
 * Launches Chromium with `options` (viewport, locale...) added; resolves to
 * `{ context, close }`, where `close` also removes the profile directory.
 */
export async function launchChromium(options = {}) {
  const profile = mkdtempSync(path.join(tmpdir(), 'weiquan-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
      ...options,
    });
    const close = async () => {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    };
    return { context, close };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}
