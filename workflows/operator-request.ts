import { Refusal } from '../domain/errors';
import type { OperatorRequest } from './definitions';

/**
 * Every operator action (and a customer's cancel) names who asks and why: the accepted update is the audit
 * record, so one without them is refused before it is recorded.
 */
export function requireOperator(request: Partial<OperatorRequest> | undefined, what: string): void {
  if (!request?.by?.trim() || !request.reason?.trim()) throw Refusal.invalidInput(`${what} names who asks (by) and why (reason)`);
}
