/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * A real browser against the real engine: Debian's Chromium driven by playwright-core (no browser
 * download), the engine's Hono app served over HTTP, and the providers' browser-facing hosts routed to the
 * fakes: js.stripe.com serves the Stripe.js test double, api.stripe.com and www.sandbox.paypal.com are
 * answered by the Stripe and PayPal fakes. Each screen can be saved under .data/portal-screens/, checked
 * with axe-core, and walked with the keyboard.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve(__dirname, '../../.data/portal-screens');
const STRIPE_JS_DOUBLE = readFileSync(join(__dirname, 'stripe-js-double.js'), 'utf8');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface ReceivedRequest {
  method: string;
  url: string;
  body: string;
}

type Fetch = (request: Request, env: unknown) => Response | Promise<Response>;

/**
 * An HTTP server whose app is set once the engine exists (its PUBLIC_BASE_URL needs the port first), and
 * which keeps every request it received, body included, so a test can say what never reached us.
 */
export async function startHttpServer() {
  let app: Fetch | undefined;
  const received: ReceivedRequest[] = [];
  const server = serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request, env) => {
      const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.clone().text();
      received.push({ method: request.method, url: request.url, body });
      if (!app) return new Response('not ready', { status: 503 });
      return app(request, env);
    },
  });
  await new Promise<void>((ready) => server.once('listening', () => ready()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    serve(fetch: Fetch) {
      app = fetch;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export async function launchBrowser(): Promise<Browser> {
  // --no-sandbox: the suite may run as root in a container, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** Requests to a provider host, answered by a fake at `target` (same path and query, same method and body). */
async function forward(route: Parameters<Parameters<BrowserContext['route']>[1]>[0], target: string) {
  const request = route.request();
  const url = new URL(request.url());
  const body = request.postDataBuffer();
  const answer = await fetch(`${target}${url.pathname}${url.search}`, {
    method: request.method(),
    headers: { 'content-type': request.headers()['content-type'] ?? 'application/octet-stream' },
    redirect: 'manual',
    ...(body && request.method() !== 'GET' ? { body: new Uint8Array(body) } : {}),
  });
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, key) => {
    if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(key)) headers[key] = value;
  });
  await route.fulfill({ status: answer.status, headers, body: Buffer.from(await answer.arrayBuffer()) });
}

export async function newPortalContext(
  browser: Browser,
  fakes: { stripeUrl: string; paypalUrl: string; portalOrigin: string },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  // Playwright does not route a request that follows a redirect, so our 303 to PayPal's approval page
  // becomes the same navigation started afresh (which the PayPal route below then answers).
  await context.route(`${fakes.portalOrigin}/portal/paypal/setup`, async (route) => {
    const answer = await route.fetch({ maxRedirects: 0 });
    const location = answer.headers().location ?? '';
    if (answer.status() !== 303 || !location.startsWith('https://www.sandbox.paypal.com/')) return route.fulfill({ response: answer });
    const html = `<!doctype html><html lang="en"><head><meta http-equiv="refresh" content="0;url=${location}"><title>Redirecting</title></head></html>`;
    return route.fulfill({ status: 200, contentType: 'text/html', body: html });
  });
  await context.route('https://js.stripe.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: STRIPE_JS_DOUBLE }),
  );
  await context.route('https://api.stripe.com/**', (route) => forward(route, fakes.stripeUrl));
  await context.route('https://www.sandbox.paypal.com/**', (route) => forward(route, fakes.paypalUrl));
  return context;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (scripts from self and Stripe only) still holds.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, options: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations as AxeViolation[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((n) => ({ target: n.target })) }));
}

/**
 * Tabs through the page and answers the interactive elements Tab never reached (links, buttons, inputs
 * that are visible and enabled): an empty list means every action is reachable by keyboard.
 */
export async function unreachableByKeyboard(page: Page): Promise<string[]> {
  const total = await page.evaluate(() => {
    const candidates = [...document.querySelectorAll<HTMLElement>('a[href], button, input:not([type="hidden"]), select, textarea')];
    const visible = candidates.filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && !(el as HTMLButtonElement).disabled;
    });
    visible.forEach((el, i) => {
      el.dataset.kbd = String(i);
    });
    (document.activeElement as HTMLElement | null)?.blur();
    return visible.length;
  });
  const reached = new Set<string>();
  for (let i = 0; i < total + 3; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.kbd);
    if (id !== undefined) reached.add(id);
  }
  return page.evaluate(
    (seen) => {
      return [...document.querySelectorAll<HTMLElement>('[data-kbd]')]
        .filter((el) => !seen.includes(el.dataset.kbd!))
        .map((el) => `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || el.id).trim()}"`);
    },
    [...reached],
  );
}

/** The checks every screen gets: a screenshot, axe-core (0 serious or critical), keyboard reachability. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect({ screen: name, violations: await seriousViolations(page) }).toEqual({ screen: name, violations: [] });
  expect({ screen: name, unreachable: await unreachableByKeyboard(page) }).toEqual({ screen: name, unreachable: [] });
}

/** Activates a control the way a keyboard user does: focus, then Enter. */
export async function pressEnterOn(page: Page, locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.focus();
  await page.keyboard.press('Enter');
}
