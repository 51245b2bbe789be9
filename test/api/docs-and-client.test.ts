/**
 * /docs works without internet: the page loads only assets the API serves itself (from swagger-ui-dist).
 * And the typed client's schema is the OpenAPI document as the app serves it now.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import mongoose from 'mongoose';
import { createApp, DOCS_PATH } from '../../api/app';
import { loadConfig } from '../../config';
import { createModels } from '../../models';

const app = createApp({
  models: createModels(mongoose.createConnection()),
  config: loadConfig({ NODE_ENV: 'test' }),
  temporal: {} as Client,
});

test('the docs page references only assets served by the API, and each is there', async () => {
  const page = await app.request(DOCS_PATH);
  expect(page.status).toBe(200);
  const html = await page.text();
  const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  expect(references.length).toBeGreaterThanOrEqual(4);
  expect(html).not.toMatch(/https?:\/\//);
  for (const reference of references) {
    expect(reference.startsWith(`${DOCS_PATH}/assets/`)).toBe(true);
    const asset = await app.request(reference);
    expect(asset.status).toBe(200);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100);
  }
  const bundle = await app.request(`${DOCS_PATH}/assets/swagger-ui-bundle.js`);
  expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  expect(await bundle.text()).toContain('SwaggerUIBundle');
  expect((await app.request(`${DOCS_PATH}/assets/init.js`)).status).toBe(200);
  expect((await app.request(`${DOCS_PATH}/assets/..%2Fpackage.json`)).status).toBe(404);
});

test('client/schema.ts is generated from the current OpenAPI document (npm run generate:client)', () => {
  const check = spawnSync(process.execPath, ['--import', 'tsx', 'client/generate.ts', '--check'], {
    cwd: path.resolve(__dirname, '../..'),
    encoding: 'utf8',
  });
  expect(check.stdout).toContain('is up to date');
  expect(check.status).toBe(0);
});
