/**
 * Sends e-mail through Resend, or into the dev outbox (the `outbox_emails` collection) when no API key is
 * configured. Every message carries an idempotency key, which is also its outbox `_id`:
 *  - a key whose record is already marked sent is not sent again (Temporal retries an activity after a crash
 *    or timeout, possibly after the e-mail went out);
 *  - the same key goes to Resend as the `Idempotency-Key` header, so a retry after Resend accepted the message
 *    but before we recorded it returns the first message's id instead of sending twice (Resend keeps keys
 *    for 24 hours; a key is at most 256 characters).
 * An error answer from Resend throws, so the activity is retried; the API key never appears in the error.
 */
import { Resend } from 'resend';
import type { Config } from '../config';
import type { Models } from '../models';
import { renderEmailHtml } from './email-html';
import type { EmailLayout } from './email-templates';
import { isDuplicateKey } from '../models/duplicate-key';
import { insertGrouped } from '../models/group-write';

export interface OutgoingEmail {
  /** Idempotency key: the outbox record's `_id` and Resend's `Idempotency-Key`. */
  key: string;
  orgId: string;
  to: string;
  subject: string;
  text: string;
  /** The HTML part's layout (email-templates.ts); rendered here, sent beside the text part. */
  layout?: EmailLayout;
  /** The bytes are sent but not stored in the outbox: the invoice holds its PDF. */
  attachments?: { filename: string; invoiceId: string; content: Buffer }[];
}

export type EmailTransport = 'dev-outbox' | 'resend';

export interface SentEmail {
  transport: EmailTransport;
  /** Resend's message id; for the dev outbox, the idempotency key. */
  id: string;
}

export interface Mailer {
  send(message: OutgoingEmail): Promise<SentEmail>;
}

export interface MailerDeps {
  config: Pick<Config, 'RESEND_API_KEY' | 'EMAIL_FROM'>;
  models: Pick<Models, 'OutboxEmail'>;
  /**
   * Where the Resend SDK sends requests (tests point it at a fake). Unset, resend 6.x uses
   * `process.env.RESEND_BASE_URL`, then https://api.resend.com.
   */
  resendBaseUrl?: string;
  now?: () => Date;
}

export class EmailSendError extends Error {
  override name = 'EmailSendError';
}

export function createMailer({ config, models, resendBaseUrl, now = () => new Date() }: MailerDeps): Mailer {
  const { OutboxEmail } = models;
  const apiKey = config.RESEND_API_KEY;
  // One client per mailer; it holds the key in its headers and is never logged.
  const resend = apiKey ? new Resend(apiKey, resendBaseUrl ? { baseUrl: resendBaseUrl } : undefined) : undefined;

  /**
   * The record is created once (a duplicate insert means an earlier attempt created it) and then only ever
   * marked sent, by `_id`: FerretDB v1 answers `_id` lookups from its index and scans for anything else.
   */
  async function record(message: OutgoingEmail & { html?: string }, transport: EmailTransport, sentAt?: Date): Promise<void> {
    try {
      await insertGrouped(OutboxEmail, {
        sentAt,
        _id: message.key,
        orgId: message.orgId,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        attachments: (message.attachments ?? []).map(({ filename, invoiceId }) => ({ filename, invoiceId })),
        transport,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async function markSent(key: string, providerMessageId?: string): Promise<void> {
    await OutboxEmail.updateOne({ _id: key }, { $set: { sentAt: now(), ...(providerMessageId ? { providerMessageId } : {}) } });
  }

  async function sendWithResend(client: Resend, message: OutgoingEmail & { html?: string }): Promise<string> {
    const { data, error } = await client.emails.send(
      {
        from: config.EMAIL_FROM,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        attachments: (message.attachments ?? []).map(({ filename, content }) => ({ filename, content })),
      },
      { idempotencyKey: message.key },
    );
    if (error || !data?.id) {
      // `error` is Resend's answer (name, message, statusCode); it never contains the request's headers.
      const detail = error
        ? `${error.name}${error.statusCode ? ` (HTTP ${error.statusCode})` : ''}: ${error.message}`
        : 'no message id in the answer';
      throw new EmailSendError(`Resend did not accept e-mail ${message.key}: ${detail}`);
    }
    return data.id;
  }

  return {
    async send(outgoing) {
      // The same input renders the same HTML, so a retried send carries exactly the first attempt's message.
      const { layout, ...rest } = outgoing;
      const message = { ...rest, ...(layout ? { html: await renderEmailHtml(rest.subject, layout) } : {}) };
      if (!resend) {
        // One insert: the dev outbox record is the whole delivery; a duplicate means it was delivered before.
        await record(message, 'dev-outbox', now());
        return { transport: 'dev-outbox', id: message.key };
      }
      const existing = await OutboxEmail.findById(message.key).lean();
      if (existing?.sentAt) {
        return { transport: existing.transport as EmailTransport, id: existing.providerMessageId ?? existing._id };
      }
      if (!existing) await record(message, 'resend');
      const id = await sendWithResend(resend, message);
      await markSent(message.key, id);
      return { transport: 'resend', id };
    },
  };
}
