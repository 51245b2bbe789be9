/**
 * The credit notes on the portal's Invoices screen: each correction of a final invoice, what it credits,
 * whether the money went back (and where), and its PDF, downloaded through the session like the invoices'.
 */
import type { FC } from 'hono/jsx';
import { type Currency, formatMoney } from '../../domain/money';

export interface CreditNoteRow {
  number: string;
  invoiceNumber: string;
  issueDate: string;
  reason: string;
  currency: Currency;
  totalMinor: number;
  refunds: { status: 'pending' | 'succeeded' | 'failed'; destination: 'balance' | 'card' | 'paypal' | 'bank_transfer' }[];
}

const BACK_TO: Record<CreditNoteRow['refunds'][number]['destination'], string> = {
  balance: 'to your prepaid balance',
  card: 'to your card',
  paypal: 'to your PayPal account',
  bank_transfer: 'by bank transfer',
};

/** What the customer needs to know of the money: a failed attempt is ops' to retry, so it reads as not yet paid back. */
function moneyBack(refunds: CreditNoteRow['refunds']): string {
  const done = refunds.find((r) => r.status === 'succeeded');
  if (done) return `Paid back ${BACK_TO[done.destination]}`;
  if (refunds.length > 0) return 'Being paid back';
  return 'Credited';
}

export const CreditNotesSection: FC<{ creditNotes: CreditNoteRow[] }> = ({ creditNotes }) => (
  <section aria-labelledby="credit-notes-heading">
    <h2 id="credit-notes-heading">Credit notes</h2>
    {creditNotes.length === 0 ? (
      <p>No credit notes.</p>
    ) : (
      <table>
        <caption class="visually-hidden">Credit notes, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Corrects</th>
            <th scope="col">Issued</th>
            <th scope="col">Credited</th>
            <th scope="col">Reason</th>
            <th scope="col">Money</th>
            <th scope="col">
              <span class="visually-hidden">Download</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {creditNotes.map((note) => (
            <tr>
              <td>{note.number}</td>
              <td>{note.invoiceNumber}</td>
              <td>{note.issueDate.slice(0, 10)}</td>
              <td>{formatMoney({ amountMinor: note.totalMinor, currency: note.currency })}</td>
              <td>{note.reason}</td>
              <td>{moneyBack(note.refunds)}</td>
              <td>
                <a href={`/portal/credit-notes/${encodeURIComponent(note.number)}/pdf`} download>
                  Download PDF<span class="visually-hidden"> of {note.number}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </section>
);
