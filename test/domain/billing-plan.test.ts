import { nextStep, type BillingPlanState, type BillingStep } from '../../domain/billing-plan';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** An account with an open cycle that closes in a day, warned already, owing nothing, with nothing waiting. */
const idle: BillingPlanState = {
  closeAt: NOW + DAY,
  debts: [],
  retryNow: false,
  organizationChangesWaiting: false,
  disputesLostWaiting: false,
  writeOffsWaiting: false,
  operatorRetryWaiting: false,
  parked: false,
  continueAsNewSuggested: false,
  closeRequested: false,
};
const dueDebt = { dueAt: NOW - 2 * DAY, nextAttemptAt: NOW - 1 };
const laterDebt = { dueAt: NOW - 2 * DAY - HOUR, nextAttemptAt: NOW + 5 * HOUR };
/** Two days and an hour overdue: a third day in 23 hours, its next attempt in two days. */
const overdueDebt = { dueAt: NOW - 2 * DAY - HOUR, nextAttemptAt: NOW + 2 * DAY };

const cases: [string, Partial<BillingPlanState>, BillingStep][] = [
  ['waits for the close when nothing else is due', {}, { kind: 'wait', until: NOW + DAY }],
  [
    'waits for the earliest of close, warning, retry and the next overdue day',
    { warnAt: NOW + 2 * HOUR },
    { kind: 'wait', until: NOW + 2 * HOUR },
  ],
  ["wakes when the oldest debt's overdue days tick", { debts: [overdueDebt] }, { kind: 'wait', until: NOW + 23 * HOUR }],
  ['wakes for the next attempt on a debt', { debts: [laterDebt] }, { kind: 'wait', until: NOW + 5 * HOUR }],
  [
    'waits for a change only when no time matters (parked, nothing owed)',
    { parked: true, closeAt: NOW - 1 },
    { kind: 'wait', until: Infinity },
  ],
  [
    'records organization changes first',
    { organizationChangesWaiting: true, writeOffsWaiting: true, retryNow: true },
    { kind: 'record-organization-changes' },
  ],
  [
    'reopens a cycle a lost dispute took back before write-offs and collection',
    { disputesLostWaiting: true, writeOffsWaiting: true, debts: [dueDebt] },
    { kind: 'reopen-disputed-cycles' },
  ],
  ['does not finish while a lost dispute waits', { closeAt: undefined, disputesLostWaiting: true }, { kind: 'reopen-disputed-cycles' }],
  ['applies write-offs before collecting', { writeOffsWaiting: true, debts: [dueDebt] }, { kind: 'apply-write-offs' }],
  ['collects a debt whose attempt is due', { debts: [dueDebt] }, { kind: 'collect' }],
  ['collects at once on a credit or a new method', { retryNow: true, debts: [laterDebt] }, { kind: 'collect' }],
  ['collects before closing when both are due', { debts: [dueDebt], closeAt: NOW }, { kind: 'collect' }],
  ['closes the cycle at its close time', { closeAt: NOW }, { kind: 'close-cycle' }],
  ['does not close a parked cycle', { closeAt: NOW, parked: true, warnAt: NOW + HOUR }, { kind: 'wait', until: NOW + HOUR }],
  ['closes before warning when both are due', { closeAt: NOW, warnAt: NOW - HOUR }, { kind: 'close-cycle' }],
  ['warns once the warning time has come', { warnAt: NOW - 1 }, { kind: 'warn' }],
  ['finishes when cancelled (no cycle) and nothing is owed', { closeAt: undefined }, { kind: 'finish' }],
  ['does not finish while something is owed', { closeAt: undefined, debts: [laterDebt] }, { kind: 'wait', until: NOW + 5 * HOUR }],
  ['does not finish while a request waits', { closeAt: undefined, operatorRetryWaiting: true }, { kind: 'wait', until: Infinity }],
  [
    'ends the run at once when its last cycle closed with nothing waiting',
    { runComplete: 'now', retryNow: true, debts: [dueDebt] },
    { kind: 'continue-as-new' },
  ],
  [
    'ends the run after the requests that waited at its last close',
    { runComplete: 'after-requests', writeOffsWaiting: true },
    { kind: 'apply-write-offs' },
  ],
  ['…and after collecting what is due then', { runComplete: 'after-requests', debts: [dueDebt] }, { kind: 'collect' }],
  ['…then continues as new', { runComplete: 'after-requests', debts: [laterDebt] }, { kind: 'continue-as-new' }],
  ['continues as new when Temporal suggests it', { continueAsNewSuggested: true }, { kind: 'continue-as-new' }],
  ['but not while a close is requested', { continueAsNewSuggested: true, closeRequested: true }, { kind: 'wait', until: NOW + DAY }],
  ['nor before warning', { continueAsNewSuggested: true, warnAt: NOW }, { kind: 'warn' }],
];

describe('nextStep', () => {
  it.each(cases)('%s', (_name, state, expected) => {
    expect(nextStep({ ...idle, ...state }, NOW)).toEqual(expected);
  });

  it('reaches every step', () => {
    const reached = new Set(cases.map(([, state]) => nextStep({ ...idle, ...state }, NOW).kind));
    expect([...reached].sort()).toEqual(
      [
        'apply-write-offs',
        'close-cycle',
        'collect',
        'continue-as-new',
        'finish',
        'record-organization-changes',
        'reopen-disputed-cycles',
        'wait',
        'warn',
      ].sort(),
    );
  });

  it('is decided by the order of the steps: each pair due at once runs in that order', () => {
    // Every step made due together; removing the first answered leaves the next. A swap of two steps in the
    // planner changes this sequence.
    let state: BillingPlanState = {
      ...idle,
      closeAt: NOW,
      warnAt: NOW,
      debts: [dueDebt],
      retryNow: true,
      organizationChangesWaiting: true,
      disputesLostWaiting: true,
      writeOffsWaiting: true,
      continueAsNewSuggested: true,
    };
    const order: string[] = [];
    const done: Record<string, (s: BillingPlanState) => BillingPlanState> = {
      'record-organization-changes': (s) => ({ ...s, organizationChangesWaiting: false }),
      'reopen-disputed-cycles': (s) => ({ ...s, disputesLostWaiting: false }),
      'apply-write-offs': (s) => ({ ...s, writeOffsWaiting: false }),
      collect: (s) => ({ ...s, retryNow: false, debts: [] }),
      'close-cycle': (s) => ({ ...s, closeAt: NOW + DAY }),
      warn: (s) => ({ ...s, warnAt: undefined }),
      'continue-as-new': (s) => ({ ...s, continueAsNewSuggested: false }),
    };
    for (let step = nextStep(state, NOW); step.kind !== 'wait'; step = nextStep(state, NOW)) {
      order.push(step.kind);
      state = done[step.kind]!(state);
    }
    expect(order).toEqual([
      'record-organization-changes',
      'reopen-disputed-cycles',
      'apply-write-offs',
      'collect',
      'close-cycle',
      'warn',
      'continue-as-new',
    ]);
  });
});
