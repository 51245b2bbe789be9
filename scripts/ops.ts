/**
 * The ops CLI: `npm run ops -- <command> [options]`. Reads Temporal's visibility store and the database with
 * the same settings as the engine (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, MONGODB_URI…); prints tables, or JSON
 * with --json. Operator actions go to the workflow as Updates that carry --by and --reason: the workflow
 * validates them and its history is the audit log. See the README's "Finding a stuck payment".
 */
import { parseArgs } from 'node:util';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { loadConfig, type Config } from '../config';
import { connectDatabase, type Models } from '../models';
import {
  cancelTopUpByOperator,
  markPaidByOperator,
  resendInvoiceByOperator,
  resendProformaByOperator,
  retryCollectionByOperator,
  writeOffDebtByOperator,
} from '../api/operator-actions';
import { issueCreditNoteByOperator, payOutBalanceByOperator, refundCreditNoteByOperator } from '../api/credit-note-actions';
import { ApiError } from '../api/errors';
import { sendUpdate } from '../api/temporal-errors';
import { topUpWorkflowId, type BillingStatus, type TopUpStatus } from '../workflows/definitions';
import { importStatementFiles, importSummary } from './ops/import-statement';
import type { RefundTarget } from '../workflows/credit-note-definitions';
import { exportCsv, EXPORTS, ExportUsageError } from './ops/export';
import { declaredUpdateNames, paymentStory, type PaymentStory } from './ops/story';
import { formatAge, renderTable, type Cell } from './ops/table';
import { findFailingActivities, listOpenPayments, openPaymentsQuery } from './ops/visibility';
import { webhookEndpointHealth } from './ops/webhooks';

export const USAGE = `Usage: npm run ops -- <command> [options]

Finding payments
  stuck [--state S[,S…]] [--older-than 7d] [--type T] [--org ORG] [--where CLAUSE] [--limit N]
        open payments by search attributes, oldest first; e.g.
        stuck --type topUpWorkflow --state awaiting_payment,partially_paid --older-than 7d
  failing [--type T] [--min-attempt N] [--limit N]
        running workflows whose pending activity is on attempt N (default 2) or later, with its last failure
  story <workflowId | top-up orderId>
        state (status query), key history events, pending activities, DB records and e-mails
  webhooks
        every webhook endpoint with its delivery health: state, pending and failing deliveries, last error

Operator actions (each recorded in the workflow history with --by and --reason)
  Top-ups:
  cancel <orderId> --by NAME --reason TEXT
  mark-paid <orderId> --by NAME --reason TEXT --bank-tx-id ID --amount-minor N [--value-date YYYY-MM-DD]
  resend-proforma <orderId> --by NAME --reason TEXT
  An organization's billing:
  retry <orgId> --by NAME --reason TEXT
        try the unpaid cycles now; answers once the attempt is made
  write-off <orgId> --cycle CYCLE --by NAME --reason TEXT
        stop collecting an unpaid cycle (refused while the provider holds a payment of it)
  resend-invoice <orgId> --invoice NUMBER --by NAME --reason TEXT
        e-mail a final invoice again to the current billing address

Bank statements
  import-statement FILE… [--csv PRESET | --mapping FILE.json]
        camt.053 / camt.054, MT940 or CSV (presets: generic, de-semicolon); a progress bar, then a summary
        table; a malformed file is refused whole and the others still imported (exit code 1)
  Money back:
  credit-note <invoiceNumber> --by NAME --reason TEXT [--lines JSON] [--destination D [--bank-reference REF]] [--key K]
        issue a credit note (all that is not credited yet, or --lines '[{"line":0,"quantity":1}]'), and pay it
        back if --destination is given: balance, payment (the card or PayPal that paid) or bank_transfer
  refund <creditNoteNumber> --by NAME --reason TEXT --destination D [--bank-reference REF]
        pay a credit note back (again, after a failed refund)
  payout <orgId> --by NAME --reason TEXT --amount-minor N --bank-reference REF [--key K]
        record the bank payout of unused prepaid balance (debits the balance)

Exports for finance (CSV on stdout or --out FILE, a progress bar on stderr)
  export invoices --from YYYY-MM-DD --to YYYY-MM-DD   final invoices and credit notes of [from, to)
  export ledger [--org ORG]                           the ledger of one organization or all
  export vat --from YYYY-MM-DD --to YYYY-MM-DD        VAT per rate and buyer country, reverse charge apart

Any workflow (billing cycles, payment-method set-ups…): an update declared in workflows/definitions.ts
  update <workflowId> <updateName> --by NAME --reason TEXT [--fields JSON]
        sends {by, reason, ...fields}; the workflow's validator decides. e.g.
        update billing/org_… runCycleNow --by alice --reason "month-end re-run"

Every command takes --json for machine-readable output.`;

export interface OpsDeps {
  client: Client;
  config: Config;
  /** Connected on first use: the visibility commands need no database. */
  models: () => Promise<Models>;
  out: (text: string) => void;
  /** Progress of long commands (exports); stderr in a terminal. */
  progress?: NodeJS.WritableStream;
  now?: Date;
}

const OPTIONS = {
  state: { type: 'string', multiple: true },
  'older-than': { type: 'string' },
  type: { type: 'string' },
  org: { type: 'string' },
  where: { type: 'string' },
  limit: { type: 'string' },
  'min-attempt': { type: 'string' },
  by: { type: 'string' },
  reason: { type: 'string' },
  'bank-tx-id': { type: 'string' },
  'amount-minor': { type: 'string' },
  'value-date': { type: 'string' },
  fields: { type: 'string' },
  cycle: { type: 'string' },
  invoice: { type: 'string' },
  csv: { type: 'string' },
  mapping: { type: 'string' },
  lines: { type: 'string' },
  destination: { type: 'string' },
  'bank-reference': { type: 'string' },
  key: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A usage mistake: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {}

const positiveInt = (value: string | undefined, name: string, fallback: number) => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number`);
  return n;
};
const required = (value: string | undefined, name: string) => {
  if (!value?.trim()) throw new UsageError(`--${name} is required`);
  return value.trim();
};

function statusTable(status: TopUpStatus): string {
  const { orderId, orgId, state, amountMinor, receivedMinor, currency, creditedTxIds, remindersSent, proformaResends } = status;
  return renderTable([
    { orderId, orgId, state, amountMinor, receivedMinor, currency, credited: creditedTxIds.join(' '), remindersSent, proformaResends },
  ]);
}

function billingTable(status: BillingStatus): string {
  const { orgId, state, amountDueMinor, daysOverdue, debts, nextChargeAt } = status;
  const unpaid = debts.map((d) => `${d.cycleId} ${d.totalMinor} ${d.currency} (${d.lastOutcome ?? 'not tried'})`).join('; ');
  return renderTable([{ orgId, state, amountDueMinor, daysOverdue, unpaid, nextChargeAt }]);
}

function storyText(story: PaymentStory, now: Date): string {
  const section = (title: string, body: string) => `\n${title}\n${body.endsWith('\n') ? body : `${body}\n`}`;
  const header = renderTable(
    [
      { field: 'workflow', value: `${story.workflowId} (${story.type}, ${story.status})` },
      { field: 'run', value: story.runId },
      { field: 'task queue', value: story.taskQueue },
      { field: 'started', value: `${story.startTime.toISOString()} (${formatAge(story.startTime, now)} ago)` },
      ...(story.closeTime ? [{ field: 'closed', value: story.closeTime.toISOString() }] : []),
      { field: 'organization', value: story.orgId },
      { field: 'state', value: story.state },
      { field: 'payment reference', value: story.paymentReference },
      { field: 'web UI', value: story.webUiUrl },
    ],
    ['field', 'value'],
    { maxWidth: 200 },
  );
  const query = story.query
    ? section(
        `State (query ${story.query.name})`,
        story.query.error ? `query failed: ${story.query.error}` : JSON.stringify(story.query.result, null, 2),
      )
    : section('State', 'no status query for this workflow type');
  const rows = (items: readonly object[]) => items as Record<string, Cell>[];
  return (
    header +
    query +
    section('Pending activities', renderTable(rows(story.pendingActivities))) +
    section('History (key events)', renderTable(rows(story.events), ['id', 'time', 'event', 'detail'], { maxWidth: 160 })) +
    section(
      'Order',
      story.records.order
        ? renderTable(
            Object.entries(story.records.order).map(([field, value]) => ({ field, value: value as Cell })),
            ['field', 'value'],
          )
        : '(no top-up order for this workflow)',
    ) +
    section('Invoices', renderTable(rows(story.records.invoices))) +
    section('Ledger entries', renderTable(rows(story.records.ledger))) +
    section('E-mails', renderTable(rows(story.records.emails))) +
    section('Bank credits', renderTable(rows(story.records.bankCredits)))
  );
}

/** Runs one command; returns the process exit code. */
export async function runOps(argv: string[], deps: OpsDeps): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, target] = positionals;
  const now = deps.now ?? new Date();
  const print = (json: unknown, table: () => string) => deps.out(values.json ? `${JSON.stringify(json, null, 2)}\n` : table());
  const operator = () => ({ by: required(values.by, 'by'), reason: required(values.reason, 'reason') });
  const targetId = () => {
    if (!target)
      throw new UsageError(
        `${command} needs ${['retry', 'write-off', 'resend-invoice'].includes(command!) ? 'an organization id' : 'an order or workflow id'}`,
      );
    return target;
  };

  if (!command || values.help || command === 'help') {
    deps.out(`${USAGE}\n`);
    return 0;
  }
  switch (command) {
    case 'stuck': {
      const filter = {
        states: (values.state ?? [])
          .flatMap((s) => s.split(','))
          .map((s) => s.trim())
          .filter(Boolean),
        olderThan: values['older-than'],
        type: values.type,
        orgId: values.org,
        where: values.where,
      };
      const payments = await listOpenPayments(deps.client, filter, { limit: positiveInt(values.limit, 'limit', 500), now });
      print({ query: openPaymentsQuery(filter, now), payments }, () => {
        const rows = payments.map(({ startTime, taskQueue: _queue, ...rest }) => ({
          ...rest,
          started: startTime,
          age: formatAge(startTime, now),
        }));
        return `${renderTable(rows)}${payments.length} open payment(s); query: ${openPaymentsQuery(filter, now)}\n`;
      });
      return 0;
    }
    case 'failing': {
      const failing = await findFailingActivities(deps.client, {
        type: values.type,
        minAttempt: positiveInt(values['min-attempt'], 'min-attempt', 2),
        limit: positiveInt(values.limit, 'limit', 1000),
      });
      print(
        { failing },
        () => `${renderTable(failing as unknown as Record<string, Cell>[], undefined, { maxWidth: 80 })}${failing.length} failing\n`,
      );
      return 0;
    }
    case 'story': {
      const id = targetId();
      const args = {
        client: deps.client,
        models: await deps.models(),
        uiUrl: deps.config.TEMPORAL_UI_URL,
        namespace: deps.config.TEMPORAL_NAMESPACE,
      };
      let story: PaymentStory;
      try {
        story = await paymentStory(args, id);
      } catch (error) {
        // A bare top-up order id is accepted too.
        if (!(error instanceof WorkflowNotFoundError) || id.includes('/')) throw error;
        story = await paymentStory(args, topUpWorkflowId(id));
      }
      print(story, () => storyText(story, now));
      return 0;
    }
    case 'webhooks': {
      const endpoints = await webhookEndpointHealth({ client: deps.client, models: await deps.models() }, now);
      print({ endpoints }, () => `${renderTable(endpoints, undefined, { maxWidth: 60 })}${endpoints.length} endpoint(s)\n`);
      return 0;
    }
    case 'cancel': {
      const status = await cancelTopUpByOperator({ models: await deps.models(), temporal: deps.client }, targetId(), operator());
      print(status, () => statusTable(status));
      return 0;
    }
    case 'resend-proforma': {
      const status = await resendProformaByOperator({ models: await deps.models(), temporal: deps.client }, targetId(), operator());
      print(status, () => statusTable(status));
      return 0;
    }
    case 'mark-paid': {
      const valueDate = values['value-date'];
      if (valueDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(valueDate)) throw new UsageError('--value-date must be YYYY-MM-DD');
      const payment = {
        ...operator(),
        bankTxId: required(values['bank-tx-id'], 'bank-tx-id'),
        amountMinor: positiveInt(required(values['amount-minor'], 'amount-minor'), 'amount-minor', 0),
        ...(valueDate ? { valueDate } : {}),
      };
      const status = await markPaidByOperator({ models: await deps.models(), temporal: deps.client }, targetId(), payment);
      print(status, () => statusTable(status));
      return 0;
    }
    case 'retry': {
      const status = await retryCollectionByOperator({ models: await deps.models(), temporal: deps.client }, targetId(), operator());
      print(status, () => billingTable(status));
      return 0;
    }
    case 'write-off': {
      const writeOff = { ...operator(), cycleId: required(values.cycle, 'cycle') };
      const status = await writeOffDebtByOperator({ models: await deps.models(), temporal: deps.client }, targetId(), writeOff);
      print(status, () => billingTable(status));
      return 0;
    }
    case 'resend-invoice': {
      const resend = { ...operator(), invoiceNumber: required(values.invoice, 'invoice') };
      const sent = await resendInvoiceByOperator({ models: await deps.models(), temporal: deps.client }, targetId(), resend);
      print(sent, () => renderTable([{ ...sent }]));
      return 0;
    }
    case 'credit-note': {
      if (!target) throw new UsageError('credit-note needs an invoice number');
      let lines: { line: number; quantity?: number; amountMinor?: number }[] | undefined;
      if (values.lines !== undefined) {
        try {
          lines = JSON.parse(values.lines);
        } catch {
          throw new UsageError('--lines must be a JSON array such as [{"line":0,"quantity":1}]');
        }
        if (!Array.isArray(lines)) throw new UsageError('--lines must be a JSON array such as [{"line":0,"quantity":1}]');
      }
      const refund = values.destination ? { to: values.destination as RefundTarget, bankReference: values['bank-reference'] } : undefined;
      const status = await issueCreditNoteByOperator(
        { models: await deps.models(), temporal: deps.client, config: deps.config },
        { ...operator(), invoiceNumber: target, ...(lines ? { lines } : {}), ...(refund ? { refund } : {}) },
        values.key,
      );
      print(status, () => renderTable([{ requestId: status.requestId, state: status.state, ...status.creditNote }]));
      return 0;
    }
    case 'refund': {
      if (!target) throw new UsageError('refund needs a credit note number');
      const refund = await refundCreditNoteByOperator({ models: await deps.models(), temporal: deps.client, config: deps.config }, target, {
        ...operator(),
        to: required(values.destination, 'destination') as RefundTarget,
        bankReference: values['bank-reference'],
      });
      print(refund, () => renderTable([{ ...refund, error: refund.error?.message }]));
      return 0;
    }
    case 'payout': {
      if (!target) throw new UsageError('payout needs an organization id');
      const payout = await payOutBalanceByOperator(
        { models: await deps.models(), temporal: deps.client, config: deps.config },
        target,
        {
          ...operator(),
          amountMinor: positiveInt(required(values['amount-minor'], 'amount-minor'), 'amount-minor', 0),
          bankReference: required(values['bank-reference'], 'bank-reference'),
        },
        values.key,
      );
      print(payout, () => renderTable([{ ...payout, error: payout.error?.message }]));
      return 0;
    }
    case 'export': {
      if (!target || !(EXPORTS as readonly string[]).includes(target)) throw new UsageError(`export what: ${EXPORTS.join(', ')}`);
      const written = await exportCsv(await deps.models(), deps.config, target as (typeof EXPORTS)[number], {
        from: values.from,
        to: values.to,
        orgId: values.org,
        out: values.out,
        write: deps.out,
        progress: deps.progress,
      }).catch((error: Error) => {
        throw error instanceof ExportUsageError ? new UsageError(error.message) : error;
      });
      if (values.out) process.stderr.write(`${written} document(s) written to ${values.out}\n`);
      return 0;
    }
    case 'update': {
      const name = positionals[2];
      const updates = declaredUpdateNames();
      if (!target || !name) throw new UsageError('update needs a workflow id and an update name');
      if (!updates.includes(name)) throw new UsageError(`"${name}" is not an update in workflows/definitions.ts: ${updates.join(', ')}`);
      let fields: Record<string, unknown> = {};
      if (values.fields !== undefined) {
        try {
          fields = JSON.parse(values.fields) as Record<string, unknown>;
        } catch {
          throw new UsageError('--fields must be a JSON object');
        }
        if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw new UsageError('--fields must be a JSON object');
      }
      const result = await sendUpdate(
        () => deps.client.workflow.getHandle(target).executeUpdate(name, { args: [{ ...fields, ...operator() }] }),
        () => new ApiError(404, 'not_found', `workflow ${target} not found or closed`),
      );
      print(result, () => `${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    case 'import-statement': {
      const files = positionals.slice(1);
      if (files.length === 0) throw new UsageError('import-statement needs one or more files');
      const results = await importStatementFiles(files, {
        client: deps.client,
        config: deps.config,
        models: await deps.models(),
        csv: values.csv,
        mapping: values.mapping,
        progress: !values.json && process.stderr.isTTY,
      });
      print(results, () => importSummary(results));
      return results.some((r) => r.refused) ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || ['help', '--help', '-h'].includes(argv[0])) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  let database: Awaited<ReturnType<typeof connectDatabase>> | undefined;
  try {
    return await runOps(argv, {
      client,
      config,
      models: async () => (database ??= await connectDatabase(config.MONGODB_URI, 2)).models,
      out: (text) => process.stdout.write(text),
      progress: process.stderr,
    });
  } finally {
    await connection.close();
    await database?.db.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
        process.stderr.write(`${error.message}\n\n${USAGE}\n`);
        process.exit(2);
      }
      const code = error instanceof ApiError ? ` (${error.code})` : '';
      process.stderr.write(`ops: ${error.message}${code}\n`);
      process.exit(1);
    },
  );
}
