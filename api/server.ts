import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { connectDatabase } from '../models';
import { createApp } from './app';
import { createStatementImporter } from './bank-statement-importer';
import { watchStatementFolder } from './statement-folder';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config, { service: 'api' });
  const { db, models } = await connectDatabase(config.MONGODB_URI, config.MONGODB_POOL_SIZE);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const app = createApp({ models, config, temporal, logger });
  const folder = config.BANK_STATEMENT_WATCH_DIR
    ? watchStatementFolder(createStatementImporter({ models, config, temporal }), config.BANK_STATEMENT_WATCH_DIR, { logger })
    : undefined;
  const server = serve({ fetch: app.fetch, hostname: config.API_HOST, port: config.API_PORT }, (info) => {
    logger.info({ address: info.address, port: info.port }, `API listening on http://${info.address}:${info.port}`);
  });
  const shutdown = () => {
    folder?.stop();
    server.close(async () => {
      await connection.close();
      await db.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: Error) => {
  createLogger(loadConfig(), { service: 'api' }).fatal({ err: error }, 'API failed to start');
  process.exit(1);
});
