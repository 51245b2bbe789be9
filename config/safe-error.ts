/**
 * The one way an error reaches a log line. Provider SDK errors carry the request they failed on (the PayPal
 * SDK's ApiError holds its headers, Authorization: Bearer … included) and pino would copy every enumerable
 * field; so only named, harmless fields are kept, and credentials are scrubbed from the message and stack too.
 */
export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  /** ApplicationFailure type, Stripe/PayPal code, Node error code. */
  code?: string;
  statusCode?: number;
  cause?: SafeError;
}

const CREDENTIALS = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+|\b(sk|rk|pk)_(live|test)_[A-Za-z0-9]+|\bwhsec_[A-Za-z0-9]+/g;
const scrub = (text: string) =>
  text.replace(CREDENTIALS, (match, scheme: string | undefined) => (scheme ? `${scheme} [redacted]` : '[redacted]'));

export function safeError(error: unknown, depth = 0): SafeError {
  if (!(error instanceof Error)) return { type: typeof error, message: scrub(String(error)) };
  const fields = error as Error & { type?: unknown; code?: unknown; statusCode?: unknown; status?: unknown; cause?: unknown };
  const code = typeof fields.type === 'string' ? fields.type : typeof fields.code === 'string' ? fields.code : undefined;
  const statusCode =
    typeof fields.statusCode === 'number' ? fields.statusCode : typeof fields.status === 'number' ? fields.status : undefined;
  return {
    type: error.name === 'Error' ? error.constructor.name : error.name,
    message: scrub(error.message),
    ...(error.stack ? { stack: scrub(error.stack) } : {}),
    ...(code ? { code } : {}),
    ...(statusCode ? { statusCode } : {}),
    ...(fields.cause !== undefined && depth < 3 ? { cause: safeError(fields.cause, depth + 1) } : {}),
  };
}
