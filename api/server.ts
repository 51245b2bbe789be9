import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { connectDatabase } from '../models';
import { createOpenOrderList } from '../models/top-up-order';
import { createEventRecorder } from '../activities/events';
import { createApp } from './app';
import { createStatementImporter } from './bank-statement-importer';
import { watchStatementFolder } from './statement-folder';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config, { service: 'api' });
  const { db, models } = await connectDatabase(config.MONGODB_URI, config.MONGODB_POOL_SIZE);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  // One recorder for the routes and the watched folder: this process's stream hints stay in one place.
  const events = createEventRecorder({ models, config, temporal });
  const app = createApp({ models, config, temporal, logger, events });
  const folder = config.BANK_STATEMENT_WATCH_DIR
    ? watchStatementFolder(createStatementImporter({ models, config, temporal, events }), config.BANK_STATEMENT_WATCH_DIR, { logger })
    : undefined;
  // Open orders placed before the open-order list existed would be missing from the portal's balance page.
  createOpenOrderList(models)
    .placeUnlisted()
    .then((placed) => placed && logger.info({ placed }, "open top-up orders placed on their organizations' lists"))
    .catch((error: Error) => logger.error({ err: error }, 'placing open top-up orders on their lists failed'));
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
