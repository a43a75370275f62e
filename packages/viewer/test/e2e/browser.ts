// Headless Chromium from Debian's `chromium` package, driven by playwright-core. Never a
// downloaded browser: when the system one is missing, the tests fail and say how to get it.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export async function launchChromium(executablePath = CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is missing (${executablePath}): run scripts/setup-chromium.sh, which installs Debian's chromium package`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    // Containers often run tests as root, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}
