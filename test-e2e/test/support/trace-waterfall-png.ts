// A waterfall SVG as a PNG, for the docs: Debian's chromium in headless mode takes a
// screenshot of the SVG file at its own size. chromium's --screenshot needs no driver, so
// test-e2e needs no playwright-core for this; the launch flags are those of replay-service's
// browser tests (test/support/browser.ts there). Missing chromium fails, it does not skip.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export const CHROMIUM = '/usr/bin/chromium';

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--hide-scrollbars',
];

export interface PngOptions {
  /** Pixels per SVG unit: 2 for a sharp picture on high-density screens. Default 2. */
  readonly scale?: number;
  /** How long chromium may take. Default 60,000 ms. */
  readonly timeoutMs?: number;
}

/** Writes `svg` as a PNG at `path` (folders created); resolves with the PNG's size in px. */
export async function renderSvgToPng(
  svg: string,
  path: string,
  options: PngOptions = {},
): Promise<{ width: number; height: number }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the trace waterfall is rendered by Debian's chromium ` +
        '(apt-get install chromium; .ci/run installs it). This test fails without it, it does not skip.',
    );
  }
  const { width, height } = svgSize(svg);
  const scale = options.scale ?? 2;
  // A profile of its own: two renders at once must not share chromium's profile lock.
  const work = mkdtempSync(join(tmpdir(), 'trace-waterfall-'));
  try {
    const svgPath = join(work, 'waterfall.svg');
    const pngPath = join(work, 'waterfall.png');
    writeFileSync(svgPath, svg);
    await promisify(execFile)(
      CHROMIUM,
      [
        ...LAUNCH_ARGS,
        `--user-data-dir=${join(work, 'profile')}`,
        `--window-size=${width},${height}`,
        `--force-device-scale-factor=${scale}`,
        `--screenshot=${pngPath}`,
        pathToFileURL(svgPath).href,
      ],
      { timeout: options.timeoutMs ?? 60_000 },
    ).catch((error: unknown) => {
      throw new Error(`${CHROMIUM} did not render the waterfall`, { cause: error });
    });
    if (!existsSync(pngPath)) throw new Error(`${CHROMIUM} exited without writing ${pngPath}`);
    const png = readFileSync(pngPath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, png);
    return pngSize(png);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function svgSize(svg: string): { width: number; height: number } {
  const match = /<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg);
  if (!match) throw new Error('renderSvgToPng: the SVG has no width and height in px on its root');
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = Buffer.from(png.subarray(0, 8)).toString('hex');
  if (signature !== '89504e470d0a1a0a') throw new Error('not a PNG file');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
