/**
 * The portal's screens, server-rendered (hono/jsx): plain HTML forms that work without JavaScript, except
 * the card field, which is Stripe's Payment Element. Views take API answers and render; they decide nothing.
 */
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { type Currency, formatMajorAmount, formatMoney } from '../../domain/money';
import { formatRfReference } from '../../domain/rf-reference';

export const STATIC_PATH = '/portal/static';

const money = (amountMinor: number, currency: Currency) => formatMoney({ amountMinor, currency });
const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');

export interface PageChrome {
  csrfToken?: string;
  returnUrl?: string;
}

type Section = 'billing' | 'balance' | 'invoices' | 'none';

export const Layout: FC<
  PropsWithChildren<{ title: string; chrome?: PageChrome; section?: Section; refreshSeconds?: number; scripts?: string[] }>
> = ({ title, chrome, section = 'none', refreshSeconds, scripts = [], children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      {refreshSeconds ? <meta http-equiv="refresh" content={String(refreshSeconds)} /> : null}
      <title>{`${title} · Billing`}</title>
      <link rel="stylesheet" href={`${STATIC_PATH}/portal.css`} />
      {scripts.map((src) => (
        <script src={src} defer />
      ))}
    </head>
    <body>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <p class="brand">Billing and Accounting</p>
        {chrome?.csrfToken ? (
          <nav aria-label="Portal">
            <ul>
              <NavLink href="/portal/billing" current={section === 'billing'}>
                Payment methods
              </NavLink>
              <NavLink href="/portal/balance" current={section === 'balance'}>
                Prepaid balance
              </NavLink>
              <NavLink href="/portal/invoices" current={section === 'invoices'}>
                Invoices
              </NavLink>
              {chrome.returnUrl ? (
                <li>
                  <a href={chrome.returnUrl}>Back to your portal</a>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" tabindex={-1}>
        <h1>{title}</h1>
        {children}
      </main>
    </body>
  </html>
);

const NavLink: FC<PropsWithChildren<{ href: string; current: boolean }>> = ({ href, current, children }) => (
  <li>
    <a href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  </li>
);

/** Every form posts its session's CSRF token. */
export const Form: FC<PropsWithChildren<{ action: string; csrfToken: string; class?: string; id?: string; label?: string }>> = (props) => (
  <form method="post" action={props.action} class={props.class} id={props.id} aria-label={props.label}>
    <input type="hidden" name="_csrf" value={props.csrfToken} />
    {props.children}
  </form>
);

export const Notice: FC<PropsWithChildren<{ kind?: 'ok' | 'error' | 'info' }>> = ({ kind = 'info', children }) => (
  <div class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
    {children}
  </div>
);

export interface FieldErrors {
  [field: string]: string | undefined;
}

const Field: FC<{
  name: string;
  label: string;
  value?: string;
  type?: string;
  errors?: FieldErrors;
  autocomplete?: string;
  inputmode?: 'decimal' | 'numeric' | 'email';
  required?: boolean;
  hint?: string;
}> = ({ name, label, value, type = 'text', errors, autocomplete, inputmode, required, hint }) => {
  const error = errors?.[name];
  const described = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={name}>{label}</label>
      {hint ? (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={name}
        name={name}
        type={type}
        value={value ?? ''}
        autocomplete={autocomplete}
        inputmode={inputmode}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {error ? (
        <p class="field-error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
};

// ---- Billing and Accounting ----

export interface SavedMethod {
  methodId: string;
  kind: 'paypal' | 'card';
  isDefault: boolean;
  billingAgreementNumber?: string;
  payerEmail?: string;
  card?: { brand: string; last4: string; expMonth: number; expYear: number };
}

export interface BillingDetails {
  name: string;
  billingEmail: string;
  address: string;
  vatId: string;
}

/**
 * A list as a table, or one line saying it is empty. The last column holds each row's action (a link or a
 * button), so its heading is for screen readers only.
 */
function ListTable<Item>(p: {
  caption: string;
  empty: string;
  columns: readonly string[];
  action: string;
  items: readonly Item[];
  row: (item: Item) => Child;
}) {
  if (p.items.length === 0) return <p>{p.empty}</p>;
  return (
    <table>
      <caption class="visually-hidden">{p.caption}</caption>
      <thead>
        <tr>
          {p.columns.map((column) => (
            <th scope="col">{column}</th>
          ))}
          <th scope="col">
            <span class="visually-hidden">{p.action}</span>
          </th>
        </tr>
      </thead>
      <tbody>{p.items.map(p.row)}</tbody>
    </table>
  );
}

const methodLabel = (m: SavedMethod) =>
  m.kind === 'paypal'
    ? `PayPal Billing Agreement ${m.billingAgreementNumber ?? ''}`.trim()
    : `${m.card ? `${m.card.brand.toUpperCase()} •••• ${m.card.last4}, expires ${String(m.card.expMonth).padStart(2, '0')}/${m.card.expYear}` : 'Card'}`;

export const BillingPage: FC<{
  chrome: PageChrome & { csrfToken: string };
  defaultMethod: 'prepaid' | 'paypal' | 'card';
  methods: SavedMethod[];
  details: BillingDetails;
  detailErrors?: FieldErrors;
  notice?: Child;
}> = ({ chrome, defaultMethod, methods, details, detailErrors, notice }) => (
  <Layout title="Billing and Accounting" chrome={chrome} section="billing">
    {notice}
    <section aria-labelledby="methods-heading" class="pane">
      <h2 id="methods-heading">Payment methods setup</h2>
      <p>
        Invoices are paid with:{' '}
        <strong data-testid="default-method">
          {defaultMethod === 'prepaid' ? 'Prepaid balance' : methodLabel(methods.find((m) => m.isDefault) ?? methods[0])}
        </strong>
      </p>
      <div class="actions">
        <a class="button" href="/portal/balance">
          + Top-up
        </a>
        <Form action="/portal/paypal/setup" csrfToken={chrome.csrfToken} class="inline" label="Set up PayPal">
          <button type="submit">Setup PayPal</button>
        </Form>
        <Form action="/portal/card/setup" csrfToken={chrome.csrfToken} class="inline" label="Set up a credit card">
          <button type="submit">Setup Credit Card</button>
        </Form>
      </div>
      <h3>Saved methods</h3>
      <ul class="methods">
        <li>
          <span>Prepaid balance (bank transfer)</span>
          {defaultMethod === 'prepaid' ? (
            <span class="tag">Default</span>
          ) : (
            <Form action="/portal/payment-methods/default" csrfToken={chrome.csrfToken} class="inline" label="Pay from the prepaid balance">
              <input type="hidden" name="method" value="prepaid" />
              <button type="submit" class="secondary">
                Make default
              </button>
            </Form>
          )}
        </li>
        {methods.map((m) => (
          <li data-method={m.methodId}>
            <span>
              {m.kind === 'paypal' ? (
                <>
                  Billing Agreement <strong class="agreement">{m.billingAgreementNumber}</strong>
                  {m.payerEmail ? ` (${m.payerEmail})` : ''}
                </>
              ) : (
                methodLabel(m)
              )}
            </span>
            {m.isDefault ? (
              <span class="tag">Default</span>
            ) : (
              <Form
                action="/portal/payment-methods/default"
                csrfToken={chrome.csrfToken}
                class="inline"
                label={`Make ${methodLabel(m)} the default`}
              >
                <input type="hidden" name="method" value={m.kind} />
                <input type="hidden" name="paymentMethodId" value={m.methodId} />
                <button type="submit" class="secondary">
                  Make default<span class="visually-hidden">: {methodLabel(m)}</span>
                </button>
              </Form>
            )}
            <Form
              action={`/portal/payment-methods/${encodeURIComponent(m.methodId)}/remove`}
              csrfToken={chrome.csrfToken}
              class="inline"
              label={`Remove ${methodLabel(m)}`}
            >
              <button type="submit" class="danger">
                Remove<span class="visually-hidden">: {methodLabel(m)}</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
    <section aria-labelledby="details-heading" class="pane">
      <h2 id="details-heading">Billing details</h2>
      <Form action="/portal/billing/details" csrfToken={chrome.csrfToken} label="Billing details">
        <Field name="name" label="Organization name" value={details.name} errors={detailErrors} autocomplete="organization" required />
        <Field
          name="billingEmail"
          label="Billing e-mail"
          type="email"
          value={details.billingEmail}
          errors={detailErrors}
          autocomplete="email"
          required
        />
        <Field name="address" label="Address" value={details.address} errors={detailErrors} autocomplete="street-address" />
        <Field name="vatId" label="VAT id" value={details.vatId} errors={detailErrors} hint="With the country prefix, e.g. BE0123456749" />
        <button type="submit">Save billing details</button>
      </Form>
    </section>
  </Layout>
);

// ---- Prepaid balance ----

export interface TopUpOrder {
  orderId: string;
  state: string;
  amountMinor: number;
  receivedMinor: number;
  currency: Currency;
  proforma: { invoiceId: string; number: string };
  paymentReference: string;
  bankDetails: { bankName: string; iban: string; bic: string };
  createdAt: string;
  expiresAt: string;
}

export const BalancePage: FC<{
  chrome: PageChrome & { csrfToken: string };
  currency: Currency;
  balanceMinor: number;
  nextCycleMinor: number;
  /** Whole cycles the balance pays at the estimated rate. */
  cyclesCovered: number | null;
  suggestedMinor: number;
  openOrders: TopUpOrder[];
  amountText?: string;
  amountError?: string;
  notice?: Child;
}> = (p) => (
  <Layout title="Prepaid balance" chrome={p.chrome} section="balance">
    {p.notice}
    <section aria-labelledby="balance-heading" class="pane">
      <h2 id="balance-heading">Current balance</h2>
      <p class="amount" data-testid="balance">
        {money(p.balanceMinor, p.currency)}
      </p>
      <p>
        The next billing cycle is estimated at <strong>{money(p.nextCycleMinor, p.currency)}</strong>.{' '}
        {p.cyclesCovered === null
          ? 'Nothing is charged per cycle at the moment.'
          : p.cyclesCovered === 0
            ? 'The balance does not cover the next cycle.'
            : `At this rate the balance lasts ${p.cyclesCovered} billing cycle${p.cyclesCovered === 1 ? '' : 's'}.`}
      </p>
    </section>
    <section aria-labelledby="topup-heading" class="pane">
      <h2 id="topup-heading">Top up</h2>
      <Form action="/portal/balance/top-ups" csrfToken={p.chrome.csrfToken} label="Top up">
        <Field
          name="amount"
          label={`Amount to top-up (${p.currency})`}
          value={p.amountText ?? formatMajorAmount(p.suggestedMinor, p.currency)}
          inputmode="decimal"
          errors={{ amount: p.amountError }}
          hint="Ensure the top-up amount is sufficient to cover the charges for the next billing cycle."
          required
        />
        <button type="submit">+ Create topup payment order</button>
      </Form>
    </section>
    <section aria-labelledby="orders-heading" class="pane">
      <h2 id="orders-heading">Open payment orders</h2>
      <ListTable
        caption="Open top-up orders"
        empty="No open orders."
        columns={['Proforma', 'Amount', 'Received', 'Reference']}
        action="Actions"
        items={p.openOrders}
        row={(o) => (
          <tr data-order={o.orderId}>
            <td>
              <a href={`/portal/balance/top-ups/${encodeURIComponent(o.orderId)}`}>{o.proforma.number}</a>
            </td>
            <td>{money(o.amountMinor, o.currency)}</td>
            <td>{money(o.receivedMinor, o.currency)}</td>
            <td>{formatRfReference(o.paymentReference)}</td>
            <td>
              {o.receivedMinor === 0 ? (
                <Form
                  action={`/portal/balance/top-ups/${encodeURIComponent(o.orderId)}/cancel`}
                  csrfToken={p.chrome.csrfToken}
                  class="inline"
                  label={`Cancel order ${o.proforma.number}`}
                >
                  <button type="submit" class="secondary">
                    Cancel<span class="visually-hidden"> order {o.proforma.number}</span>
                  </button>
                </Form>
              ) : null}
            </td>
          </tr>
        )}
      />
    </section>
  </Layout>
);

export const ConfirmTopUpPage: FC<{
  chrome: PageChrome & { csrfToken: string };
  amountMinor: number;
  currency: Currency;
  nonce: string;
  warning?: string;
}> = (p) => (
  <Layout title="Prepaid balance" chrome={p.chrome} section="balance">
    <dialog open aria-labelledby="confirm-heading" aria-describedby="confirm-text" class="dialog">
      <h2 id="confirm-heading">Create a top-up payment order?</h2>
      <p id="confirm-text">
        A proforma invoice of <strong>{money(p.amountMinor, p.currency)}</strong> will be issued and e-mailed to you, with the bank details
        for the transfer.
      </p>
      {p.warning ? <Notice kind="info">{p.warning}</Notice> : null}
      <div class="actions">
        <Form action="/portal/balance/top-ups/confirm" csrfToken={p.chrome.csrfToken} class="inline" label="Confirm the top-up">
          <input type="hidden" name="amountMinor" value={String(p.amountMinor)} />
          <input type="hidden" name="nonce" value={p.nonce} />
          <button type="submit" autofocus>
            OK
          </button>
        </Form>
        <a class="button secondary" href="/portal/balance">
          Cancel
        </a>
      </div>
    </dialog>
  </Layout>
);

export const TopUpOrderPage: FC<{
  chrome: PageChrome & { csrfToken: string };
  order: TopUpOrder;
  justCreated: boolean;
  /** The EPC QR code (a PNG data URL) of an open EUR order, for what is still owed. */
  qrDataUrl?: string;
}> = ({ chrome, order, justCreated, qrDataUrl }) => (
  <Layout title={`Top-up order ${order.proforma.number}`} chrome={chrome} section="balance">
    {justCreated ? <Notice kind="ok">A top-up invoice is sent to your email address.</Notice> : null}
    <section aria-labelledby="transfer-heading" class="pane">
      <h2 id="transfer-heading">Bank transfer details</h2>
      <dl class="facts">
        <dt>Proforma invoice</dt>
        <dd data-testid="proforma-number">{order.proforma.number}</dd>
        <dt>Amount</dt>
        <dd>{money(order.amountMinor, order.currency)}</dd>
        <dt>Received so far</dt>
        <dd>{money(order.receivedMinor, order.currency)}</dd>
        <dt>Payment reference</dt>
        <dd data-testid="payment-reference">{formatRfReference(order.paymentReference)}</dd>
        <dt>Bank</dt>
        <dd>{order.bankDetails.bankName}</dd>
        <dt>IBAN</dt>
        <dd>{order.bankDetails.iban}</dd>
        <dt>BIC</dt>
        <dd>{order.bankDetails.bic}</dd>
        <dt>Status</dt>
        <dd>{order.state.replace(/_/g, ' ')}</dd>
        <dt>Pay before</dt>
        <dd>{day(order.expiresAt)}</dd>
      </dl>
      <p>Quote the payment reference on the transfer: the balance grows when the bank reports it.</p>
      {qrDataUrl ? (
        <figure class="scan-to-pay">
          <img
            src={qrDataUrl}
            width="148"
            height="148"
            data-testid="epc-qr"
            alt="EPC QR code for a SEPA credit transfer: beneficiary, IBAN, BIC, amount still owed and the payment reference"
          />
          <figcaption>
            Scan to pay: your banking app fills in the beneficiary, IBAN, BIC, the amount still owed and the payment reference.
          </figcaption>
        </figure>
      ) : null}
      <div class="actions">
        <a class="button" href={`/portal/invoices/${encodeURIComponent(order.proforma.invoiceId)}/pdf`} download>
          Download the proforma invoice (PDF)
        </a>
        <a class="button secondary" href="/portal/balance">
          Back to the balance
        </a>
      </div>
    </section>
  </Layout>
);

// ---- Invoices ----

export interface InvoiceRow {
  invoiceId: string;
  series: 'proforma' | 'final';
  number: string;
  status: string;
  issueDate: string;
  currency: Currency;
  totalMinor: number;
}

/** One page of invoices, newest first (`olderHref` links the next page), then `children`: the credit notes
 * (api/portal/credit-notes-page.tsx). */
export const InvoicesPage: FC<
  PropsWithChildren<{ chrome: PageChrome & { csrfToken: string }; invoices: InvoiceRow[]; olderHref?: string }>
> = ({ chrome, invoices, olderHref, children }) => (
  <Layout title="Invoices" chrome={chrome} section="invoices">
    <ListTable
      caption="Invoices, newest first"
      empty="No invoices yet."
      columns={['Number', 'Kind', 'Issued', 'Total', 'Status']}
      action="Download"
      items={invoices}
      row={(i) => (
        <tr>
          <td>{i.number}</td>
          <td>{i.series === 'proforma' ? 'Proforma (top-up)' : 'Invoice'}</td>
          <td>{day(i.issueDate)}</td>
          <td>{money(i.totalMinor, i.currency)}</td>
          <td>{i.status}</td>
          <td>
            <a href={`/portal/invoices/${encodeURIComponent(i.invoiceId)}/pdf`} download>
              Download PDF<span class="visually-hidden"> of {i.number}</span>
            </a>
          </td>
        </tr>
      )}
    />
    {olderHref ? (
      <p>
        <a href={olderHref}>Older invoices</a>
      </p>
    ) : null}
    {children}
  </Layout>
);

// ---- Card ----

/** The data the card script (static/portal-card.js) reads; the client secret only ever goes to Stripe.js. */
export interface StripeMount {
  publishableKey: string;
  clientSecret: string;
  returnUrl: string;
}

export const CardSetupPage: FC<{ chrome: PageChrome & { csrfToken: string }; stripe: StripeMount; lastError?: string }> = ({
  chrome,
  stripe,
  lastError,
}) => (
  <Layout
    title="Setup Credit Card"
    chrome={chrome}
    section="billing"
    scripts={['https://js.stripe.com/v3/', `${STATIC_PATH}/portal-card.js`]}
  >
    <section aria-labelledby="card-heading" class="pane">
      <h2 id="card-heading">Submit Credit Card details</h2>
      {lastError ? <Notice kind="error">{lastError}</Notice> : null}
      <form
        id="card-form"
        data-mode="setup"
        data-publishable-key={stripe.publishableKey}
        data-client-secret={stripe.clientSecret}
        data-return-url={stripe.returnUrl}
        aria-label="Credit card"
      >
        <div class="field">
          <label for="cardholder">Card holder name</label>
          {/* No name attribute: the form is never posted to us; the name goes to Stripe as billing details. */}
          <input id="cardholder" type="text" autocomplete="cc-name" required />
        </div>
        <div class="field">
          <fieldset class="card-field">
            <legend class="label">Card number</legend>
            <div id="payment-element" />
          </fieldset>
        </div>
        <p id="card-message" role="alert" class="field-error" />
        <button type="submit" id="card-submit">
          Submit Credit Card
        </button>
      </form>
      <noscript>
        <Notice kind="error">The card field is Stripe's and needs JavaScript.</Notice>
      </noscript>
      <p>
        <a href="/portal/billing">Back to payment methods</a>
      </p>
    </section>
  </Layout>
);

export const ConfirmPaymentPage: FC<{
  chrome: PageChrome & { csrfToken: string };
  cycleId: string;
  amountMinor: number;
  currency: Currency;
  stripe?: StripeMount & { paymentMethodId: string };
  settled?: string;
}> = (p) => (
  <Layout
    title="Confirm a payment"
    chrome={p.chrome}
    section="billing"
    scripts={p.stripe ? ['https://js.stripe.com/v3/', `${STATIC_PATH}/portal-card.js`] : []}
  >
    <section aria-labelledby="pay-heading" class="pane">
      <h2 id="pay-heading">Billing cycle {p.cycleId}</h2>
      <p>
        Amount due: <strong data-testid="amount-due">{money(p.amountMinor, p.currency)}</strong>
      </p>
      {p.settled ? <Notice kind="ok">{p.settled}</Notice> : null}
      {p.stripe ? (
        <>
          <p>Your bank asks you to confirm this card payment (3-D Secure).</p>
          <form
            id="card-form"
            data-mode="payment"
            data-publishable-key={p.stripe.publishableKey}
            data-client-secret={p.stripe.clientSecret}
            data-payment-method={p.stripe.paymentMethodId}
            data-return-url={p.stripe.returnUrl}
            aria-label="Confirm the payment"
          >
            <p id="card-message" role="alert" class="field-error" />
            <button type="submit" id="card-submit">
              Confirm the payment
            </button>
          </form>
          <Form
            action={`/portal/billing/${encodeURIComponent(p.cycleId)}/confirm-payment`}
            csrfToken={p.chrome.csrfToken}
            id="confirmed-form"
            label="Payment confirmed"
          >
            <input type="hidden" name="paymentIntentId" value="" id="confirmed-intent" />
          </Form>
        </>
      ) : null}
      <p>
        <a href="/portal/billing">Back to payment methods</a>
      </p>
    </section>
  </Layout>
);

// ---- Messages (outcomes, errors) ----

export const MessagePage: FC<
  PropsWithChildren<{
    title: string;
    chrome?: PageChrome;
    kind?: 'ok' | 'error' | 'info';
    refreshSeconds?: number;
    links?: { href: string; label: string }[];
  }>
> = ({ title, chrome, kind = 'info', refreshSeconds, links = [], children }) => (
  <Layout title={title} chrome={chrome} refreshSeconds={refreshSeconds}>
    <Notice kind={kind}>{children}</Notice>
    {links.length ? (
      <ul class="links">
        {links.map((l) => (
          <li>
            <a href={l.href}>{l.label}</a>
          </li>
        ))}
      </ul>
    ) : null}
  </Layout>
);
