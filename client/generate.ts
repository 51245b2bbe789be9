/**
 * Generates client/schema.ts (the API's paths and components as TypeScript types) from the OpenAPI document
 * the app serves. `npm run generate:client` rewrites it; `--check` exits 1 while the file is stale (run by
 * test/api/docs-and-client.test.ts: openapi-typescript is an ES module that jest's CommonJS runtime cannot load).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import mongoose from 'mongoose';
import openapiTS, { astToString } from 'openapi-typescript';
import { createApp, OPENAPI_PATH } from '../api/app';
import { loadConfig } from '../config';
import { createModels } from '../models';

export const SCHEMA_PATH = join(__dirname, 'schema.ts');

/** The document as the app serves it; nothing is connected, since building the routes opens no connection. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const models = createModels(mongoose.createConnection());
  const app = createApp({ models, config: loadConfig({ NODE_ENV: 'test' }), temporal: {} as Client });
  return (await app.request(OPENAPI_PATH)).json() as Promise<Record<string, unknown>>;
}

export async function generateClientSchema(): Promise<string> {
  const ast = await openapiTS((await openApiDocument()) as never, { alphabetize: true, defaultNonNullable: false });
  return `// Generated from the API's OpenAPI document by \`npm run generate:client\` (client/generate.ts): do not edit.\n\n${astToString(ast)}`;
}

if (require.main === module) {
  generateClientSchema().then(
    (source) => {
      if (process.argv.includes('--check')) {
        const stale = readFileSync(SCHEMA_PATH, 'utf8') !== source;
        console.log(stale ? `${SCHEMA_PATH} is stale: run npm run generate:client` : `${SCHEMA_PATH} is up to date`);
        process.exit(stale ? 1 : 0);
      }
      writeFileSync(SCHEMA_PATH, source);
      console.log(`wrote ${SCHEMA_PATH}`);
      process.exit(0);
    },
    (error: Error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
