import { compileEmailHtml, renderEmailHtml } from '../../activities/email-html';
import { finalInvoiceIssued, lowBalanceWarning, proformaIssued, type EmailLayout } from '../../activities/email-templates';

/** Text a value may hold: markup, quotes, entities, newlines, non-Latin letters, and what looks like MJML. */
const HOSTILE = [
  'Acme & Sons <b>',
  'say "hi" it\'s',
  'two\nlines\n\nthree',
  'Zoë Ünal 東京 €1.234,56',
  '<mj-text>x</mj-text>',
  '&amp;',
  '',
];

function layoutOf(seed: number): { subject: string; layout: EmailLayout } {
  const pick = (i: number) => HOSTILE[(seed + i) % HOSTILE.length];
  const blocks: EmailLayout['blocks'] = [];
  for (let b = 0; b < 1 + (seed % 4); b++) {
    const kind = (seed + b) % 3;
    if (kind === 0) blocks.push({ kind: 'paragraph', text: pick(b) });
    else if (kind === 1)
      blocks.push({ kind: 'table', rows: Array.from({ length: 1 + ((seed + b) % 3) }, (_, r) => [pick(r), pick(r + 1)]) });
    else blocks.push({ kind: 'button', label: pick(b + 2), url: `https://portal.example/p?a=1&b=${encodeURIComponent(pick(b))}` });
  }
  return { subject: pick(5), layout: { greeting: `Hello ${pick(3)},`, blocks, signature: pick(4) || 'Billing' } };
}

describe('e-mail HTML from a layout compiled once per shape', () => {
  it('is the markup MJML gives when it compiles the values in place, for any values', async () => {
    for (let seed = 0; seed < 40; seed++) {
      const { subject, layout } = layoutOf(seed);
      expect(await renderEmailHtml(subject, layout)).toBe(await compileEmailHtml(subject, layout));
    }
  });

  it('fills in each e-mail its own values when the shape is shared', async () => {
    const base = {
      cycleId: '2026-11',
      total: { amountMinor: 3025, currency: 'EUR' as const },
      paidWith: 'prepaid' as const,
      paidAt: '2026-12-01',
    };
    const first = finalInvoiceIssued({
      ...base,
      organizationName: 'Alpha <GmbH>',
      invoiceNumber: 'F-2026-000001',
      portalUrl: 'https://p.example/portal',
    });
    const second = finalInvoiceIssued({
      ...base,
      organizationName: 'Beta & Co',
      invoiceNumber: 'F-2026-000002',
      portalUrl: 'https://p.example/portal',
    });
    const [a, b] = [await renderEmailHtml(first.subject, first.layout), await renderEmailHtml(second.subject, second.layout)];
    expect(a).toContain('Alpha &lt;GmbH&gt;');
    expect(a).toContain('F-2026-000001');
    expect(b).toContain('Beta &amp; Co');
    expect(b).toContain('F-2026-000002');
    expect(b).not.toContain('F-2026-000001');
    expect(b).toBe(await compileEmailHtml(second.subject, second.layout));
  });

  it("matches for the engine's own e-mails", async () => {
    const money = (amountMinor: number) => ({ amountMinor, currency: 'EUR' as const });
    const contents = [
      lowBalanceWarning({
        organizationName: 'Org',
        cycleId: '2026-11',
        cycleEndsAt: '2026-12-01',
        balance: money(100),
        estimate: money(3000),
        shortfall: money(2900),
        portalUrl: 'https://p.example/portal',
      }),
      proformaIssued({
        organizationName: 'Org',
        orderId: 'ord_1',
        warning: 'The balance will still be short.',
        proforma: {
          number: 'P-2026-000001',
          paymentReference: 'RF18539007547034',
          amountMinor: 10000,
          currency: 'EUR',
          dueDate: '2026-12-15',
          bankDetails: { bankName: 'Bank', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
        },
        portalUrl: 'https://p.example/portal',
      }),
    ];
    for (const content of contents)
      expect(await renderEmailHtml(content.subject, content.layout)).toBe(await compileEmailHtml(content.subject, content.layout));
  });
});
