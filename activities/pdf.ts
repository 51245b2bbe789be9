/**
 * Renders an invoice (proforma or final) or a credit note as an A4 PDF with pdfkit and the standard Helvetica fonts, so the
 * text is extractable and no font file has to ship with the engine.
 *
 * Deterministic output: the same invoice gives the same bytes. pdfkit 0.20 has two sources of variation,
 * both read in node_modules/pdfkit/js/pdfkit.js:
 *  - `info.CreationDate` defaults to `new Date()` (PDFDocument constructor). We set CreationDate and ModDate
 *    to the issue date.
 *  - the trailer `/ID` is `PDFSecurity.generateFileID(info)`, an MD5 of the info dictionary (CreationDate's
 *    time and every info value), so it is deterministic once the info is. No ID is random.
 * The only other randomness (`crypto.getRandomValues`, via `generateRandomWordArray`) is used for encryption,
 * which we don't enable; `Date.now()` appears only for virtual files and embedded-file dates, which we don't
 * use. Compression is zlib's deflate, deterministic for a given Node version. No XMP metadata is written
 * (that happens only for PDF/A or PDF/UA subsets).
 *
 * The standard fonts encode text as WinAnsi (Latin-1 plus € and typographic punctuation): names in other
 * scripts would need an embedded TrueType font.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { epcQrPayload, type EpcTransfer } from '../domain/epc-qr';
import { formatMoney, isCurrency, type Currency } from '../domain/money';
import { formatVatRate } from '../domain/invoice-totals';
import { formatRfReference } from '../domain/rf-reference';
import { formatDate } from './email-templates';

export interface InvoiceParty {
  name: string;
  address: string;
  vatId: string;
}

export interface InvoiceDocument {
  number: string;
  /** A credit note has the invoice's layout, titled as one and naming the invoice it corrects. */
  series: 'proforma' | 'final' | 'credit_note';
  /** A Date, or its ISO string once it has crossed a Temporal payload. */
  issueDate: Date | string;
  dueDate: Date | string;
  seller: InvoiceParty;
  buyer: InvoiceParty & { email?: string | null };
  currency: Currency;
  lines: { description: string; quantity: number; unitPriceMinor: number; vatRateBp: number; amountMinor: number }[];
  subtotalMinor: number;
  vat: { vatRateBp: number; baseMinor: number; vatMinor: number }[];
  vatMinor: number;
  totalMinor: number;
  notes: string[];
  /** The RF creditor reference to quote (proformas); printed in groups of four. */
  paymentReference?: string | null;
  bankDetails?: { bankName: string; iban: string; bic: string } | null;
  /** Credit notes: the number of the invoice corrected. */
  invoiceNumber?: string;
}

const TITLE = { proforma: 'PROFORMA INVOICE', final: 'INVOICE', credit_note: 'CREDIT NOTE' } as const;
const DOCUMENT_NAME = { proforma: 'Proforma invoice', final: 'Invoice', credit_note: 'Credit note' } as const;
const TOTAL_LABEL = { proforma: 'Total to pay', final: 'Total', credit_note: 'Total credited' } as const;

function headerFacts(invoice: InvoiceDocument, money: (minor: number) => string): [string, string][] {
  if (invoice.series === 'credit_note') {
    return [
      ['Credit note number', invoice.number],
      ['Issue date', formatDate(invoice.issueDate)],
      ['Corrects invoice', invoice.invoiceNumber ?? ''],
      ['Total credited', money(invoice.totalMinor)],
    ];
  }
  const proforma = invoice.series === 'proforma';
  return [
    [proforma ? 'Proforma number' : 'Invoice number', invoice.number],
    ['Issue date', formatDate(invoice.issueDate)],
    [proforma ? 'Payment due by' : 'Due date', formatDate(invoice.dueDate)],
    [proforma ? 'Amount due' : 'Total', money(invoice.totalMinor)],
  ];
}

// ---- layout ----

const MARGIN = 50;
const FOOTER_SPACE = 30;
const COLOR = { text: '#1a1a1a', muted: '#6b6b6b', rule: '#c8c8c8', fill: '#f1f3f5', accent: '#1f3a5f' };
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold' };

type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'right' | 'center';

interface TextStyle {
  font?: string;
  size?: number;
  color?: string;
  align?: Align;
}

function style(doc: Doc, s: TextStyle): Doc {
  doc.font(s.font ?? FONT.regular);
  rememberGlyphs(doc);
  return doc.fontSize(s.size ?? 9).fillColor(s.color ?? COLOR.text);
}

/** What pdfkit's standard fonts compute for every text anew (node_modules/pdfkit/js/pdfkit.js, StandardFont). */
interface StandardFont {
  name: string;
  encode(text: string): [string[], object[]];
  widthOfString(text: string, size: number): number;
}

/**
 * A text's glyphs in a standard font, by font and text: pdfkit looks up every glyph's width and kerning pair
 * again each time a text is measured (to place it) and each time it is drawn (to encode it), and an invoice's
 * labels and most of its values (dates, amounts, the seller) are the same texts on every document a month-end
 * renders. Both answers depend on the font and the text alone; the width is kept at size 1000 and scaled as
 * pdfkit scales it, so the bytes are those pdfkit writes. pdfkit reads the arrays `encode` answers and never
 * changes them. Forgotten all at once past GLYPHS_KEPT.
 */
const encodings = new Map<string, [string[], object[]]>();
const widthsAt1000 = new Map<string, number>();
const GLYPHS_KEPT = 50_000;
const remembering = new WeakSet<object>();

function rememberGlyphs(doc: Doc): void {
  const font = (doc as unknown as { _font: StandardFont })._font;
  if (remembering.has(font)) return;
  remembering.add(font);
  const encode = font.encode.bind(font);
  const widthOfString = font.widthOfString.bind(font);
  font.encode = (text) => {
    const key = `${font.name}\0${text}`;
    let encoded = encodings.get(key);
    if (!encoded) {
      if (encodings.size >= GLYPHS_KEPT) encodings.clear();
      encoded = encode(text);
      encodings.set(key, encoded);
    }
    return encoded;
  };
  font.widthOfString = (text, size) => {
    const key = `${font.name}\0${text}`;
    let width = widthsAt1000.get(key);
    if (width === undefined) {
      if (widthsAt1000.size >= GLYPHS_KEPT) widthsAt1000.clear();
      width = widthOfString(text, 1000);
      widthsAt1000.set(key, width);
    }
    return width * (size / 1000);
  };
}

/** Height the text will take at this width and style (without drawing it). */
function measure(doc: Doc, text: string, width: number, s: TextStyle = {}): number {
  style(doc, s);
  return oneLineWidth(doc, text, width) !== undefined ? doc.currentLineHeight(true) : doc.heightOfString(text, { width });
}

/**
 * The width of a text that fits one line of `width`, else undefined. Most of an invoice's texts are one
 * short line: they need no word wrapping, the costliest part of drawing.
 */
function oneLineWidth(doc: Doc, text: string, width: number): number | undefined {
  if (text.includes('\n')) return undefined;
  const textWidth = doc.widthOfString(text);
  return textWidth <= width ? textWidth : undefined;
}

/** Draws text in a box at (x, y) and returns its height; positions are always explicit. */
function draw(doc: Doc, text: string, x: number, y: number, width: number, s: TextStyle = {}): number {
  const align = s.align ?? 'left';
  style(doc, s);
  const textWidth = oneLineWidth(doc, text, width);
  if (textWidth === undefined) {
    const height = doc.heightOfString(text, { width });
    doc.text(text, x, y, { width, align });
    return height;
  }
  // Placed where the word wrapper would place it, without running it.
  const slack = width - textWidth;
  doc.text(text, align === 'right' ? x + slack : align === 'center' ? x + slack / 2 : x, y, { lineBreak: false });
  return doc.currentLineHeight(true);
}

function rule(doc: Doc, x1: number, x2: number, y: number, color = COLOR.rule, width = 0.75): void {
  doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore();
}

class Layout {
  readonly left = MARGIN;
  readonly right: number;
  readonly width: number;
  y = MARGIN;

  constructor(private readonly doc: Doc) {
    this.right = doc.page.width - MARGIN;
    this.width = this.right - this.left;
  }

  get bottom(): number {
    return this.doc.page.height - MARGIN - FOOTER_SPACE;
  }

  /** Starts a new page when `height` does not fit; returns true if it did. */
  ensure(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.doc.addPage();
    this.y = MARGIN;
    return true;
  }
}

// ---- sections ----

function header(doc: Doc, at: Layout, invoice: InvoiceDocument, money: (minor: number) => string): void {
  const leftWidth = 250;
  let left = at.y;
  left += draw(doc, invoice.seller.name, at.left, left, leftWidth, { font: FONT.bold, size: 14, color: COLOR.accent });
  left += 4;
  if (invoice.seller.address) left += draw(doc, invoice.seller.address, at.left, left, leftWidth, { size: 9 });
  if (invoice.seller.vatId) left += draw(doc, `VAT ID: ${invoice.seller.vatId}`, at.left, left, leftWidth, { size: 9 });

  const boxWidth = 220;
  const boxX = at.right - boxWidth;
  let right = at.y;
  right += draw(doc, TITLE[invoice.series], boxX, right, boxWidth, {
    font: FONT.bold,
    size: 20,
    color: COLOR.accent,
    align: 'right',
  });
  right += 8;
  for (const [label, value] of headerFacts(invoice, money)) {
    draw(doc, label, boxX, right, 100, { color: COLOR.muted });
    right += draw(doc, value, boxX + 100, right, boxWidth - 100, { font: FONT.bold, align: 'right' }) + 3;
  }
  at.y = Math.max(left, right) + 18;
  rule(doc, at.left, at.right, at.y, COLOR.accent, 1);
  at.y += 14;
}

/** The buyer; the seller is already in the letterhead. */
function billTo(doc: Doc, at: Layout, invoice: InvoiceDocument): void {
  const width = 280;
  const { buyer } = invoice;
  at.y += draw(doc, 'BILL TO', at.left, at.y, width, { font: FONT.bold, size: 8, color: COLOR.muted }) + 3;
  at.y += draw(doc, buyer.name, at.left, at.y, width, { font: FONT.bold, size: 11 }) + 2;
  for (const line of [buyer.address, buyer.vatId && `VAT ID: ${buyer.vatId}`, buyer.email]) {
    if (line) at.y += draw(doc, line, at.left, at.y, width, { size: 9 }) + 1;
  }
  at.y += 22;
}

interface Column {
  title: string;
  width: number;
  align: Align;
}

const COLUMNS: Column[] = [
  { title: 'Description', width: 230, align: 'left' },
  { title: 'Qty', width: 35, align: 'right' },
  { title: 'Unit price', width: 90, align: 'right' },
  { title: 'VAT', width: 45, align: 'right' },
  { title: 'Amount', width: 95, align: 'right' },
];
const CELL_PADDING = 5;

function row(doc: Doc, at: Layout, cells: string[], s: TextStyle): number {
  let x = at.left;
  let height = 0;
  COLUMNS.forEach((column, i) => {
    const cellWidth = column.width - 2 * CELL_PADDING;
    height = Math.max(height, draw(doc, cells[i] ?? '', x + CELL_PADDING, at.y, cellWidth, { ...s, align: column.align }));
    x += column.width;
  });
  return height;
}

function tableHeader(doc: Doc, at: Layout): void {
  const height = 20;
  doc.save().rect(at.left, at.y, at.width, height).fill(COLOR.fill).restore();
  at.y += 6;
  row(
    doc,
    at,
    COLUMNS.map((c) => c.title),
    { font: FONT.bold, size: 9 },
  );
  at.y += height - 6;
}

function lineTable(doc: Doc, at: Layout, invoice: InvoiceDocument, money: (minor: number) => string): void {
  at.ensure(60);
  tableHeader(doc, at);
  for (const line of invoice.lines) {
    const cells = [
      line.description,
      String(line.quantity),
      money(line.unitPriceMinor),
      formatVatRate(line.vatRateBp),
      money(line.amountMinor),
    ];
    const descriptionWidth = COLUMNS[0]!.width - 2 * CELL_PADDING;
    const height = measure(doc, line.description, descriptionWidth, { size: 9 }) + 12;
    if (at.ensure(height)) tableHeader(doc, at);
    at.y += 6;
    row(doc, at, cells, { size: 9 });
    at.y += height - 6;
    rule(doc, at.left, at.right, at.y);
  }
  at.y += 10;
}

function totals(doc: Doc, at: Layout, invoice: InvoiceDocument, money: (minor: number) => string): void {
  const width = 260;
  const x = at.right - width;
  const valueWidth = 100;
  const rows: [string, string][] = [['Subtotal (excl. VAT)', money(invoice.subtotalMinor)]];
  for (const v of invoice.vat) rows.push([`VAT ${formatVatRate(v.vatRateBp)} on ${money(v.baseMinor)}`, money(v.vatMinor)]);
  if (invoice.vat.length > 1) rows.push(['Total VAT', money(invoice.vatMinor)]);
  at.ensure(rows.length * 15 + 40);
  for (const [label, value] of rows) {
    draw(doc, label, x + CELL_PADDING, at.y, width - valueWidth - CELL_PADDING, { color: COLOR.muted });
    at.y += draw(doc, value, at.right - valueWidth, at.y, valueWidth - CELL_PADDING, { align: 'right' }) + 4;
  }
  rule(doc, x, at.right, at.y, COLOR.text, 1);
  at.y += 6;
  draw(doc, TOTAL_LABEL[invoice.series], x + CELL_PADDING, at.y, width - valueWidth - CELL_PADDING, { font: FONT.bold, size: 11 });
  at.y +=
    draw(doc, money(invoice.totalMinor), at.right - valueWidth - 40, at.y, valueWidth + 40 - CELL_PADDING, {
      font: FONT.bold,
      size: 11,
      align: 'right',
    }) + 24;
}

function paymentInstructions(doc: Doc, at: Layout, invoice: InvoiceDocument, money: (minor: number) => string): void {
  const { bankDetails, paymentReference } = invoice;
  if (!bankDetails || !paymentReference) {
    throw new Error(`proforma ${invoice.number} needs bankDetails and a paymentReference to be payable`);
  }
  const padding = 12;
  const labelWidth = 120;
  const innerWidth = at.width - 2 * padding;
  const intro =
    `Please transfer ${money(invoice.totalMinor)} by ${formatDate(invoice.dueDate)} to the account below, ` +
    'quoting the payment reference exactly (in the structured or "creditor reference" field if your bank has one) ' +
    'so that your payment is credited automatically.';
  const rows: [string, string, TextStyle][] = [
    ['Beneficiary', invoice.seller.name, {}],
    ['Bank', bankDetails.bankName, {}],
    ['IBAN', bankDetails.iban, { font: FONT.bold }],
    ['BIC', bankDetails.bic, {}],
    ['Amount', money(invoice.totalMinor), { font: FONT.bold }],
    ['Payment reference', formatRfReference(paymentReference), { font: FONT.bold, size: 12 }],
  ];
  const height =
    padding +
    measure(doc, 'Payment instructions', innerWidth, { font: FONT.bold, size: 11 }) +
    6 +
    measure(doc, intro, innerWidth) +
    8 +
    rows.reduce((h, [, value, s]) => h + measure(doc, value, innerWidth - labelWidth, { size: 9, ...s }) + 4, 0) +
    padding;
  at.ensure(height);
  doc.save().rect(at.left, at.y, at.width, height).fill(COLOR.fill).restore();
  doc.save().rect(at.left, at.y, 3, height).fill(COLOR.accent).restore();
  let y = at.y + padding;
  const x = at.left + padding;
  y += draw(doc, 'Payment instructions', x, y, innerWidth, { font: FONT.bold, size: 11, color: COLOR.accent }) + 6;
  y += draw(doc, intro, x, y, innerWidth) + 8;
  for (const [label, value, s] of rows) {
    const valueHeight = measure(doc, value, innerWidth - labelWidth, { size: 9, ...s });
    draw(doc, label, x, y + (valueHeight > 12 ? 2 : 0), labelWidth, { color: COLOR.muted });
    y += draw(doc, value, x + labelWidth, y, innerWidth - labelWidth, { size: 9, ...s }) + 4;
  }
  at.y += height + 20;
}

/**
 * EUR proformas carry the EPC QR code (domain/epc-qr.ts): a banking app scans it and fills in beneficiary,
 * IBAN, BIC, amount and the RF reference as structured remittance, so the reference cannot be mistyped.
 */
async function proformaQrPng(invoice: InvoiceDocument): Promise<Buffer | undefined> {
  if (invoice.series !== 'proforma' || invoice.currency !== 'EUR' || !invoice.bankDetails || !invoice.paymentReference) return undefined;
  return epcQrPng({
    bic: invoice.bankDetails.bic,
    beneficiaryName: invoice.seller.name,
    iban: invoice.bankDetails.iban,
    amountMinor: invoice.totalMinor,
    reference: invoice.paymentReference,
    note: invoice.number,
  });
}

/** The EPC QR code as a PNG, for the proforma and the portal's top-up page alike. */
export function epcQrPng(transfer: EpcTransfer): Promise<Buffer> {
  // Level M, as EPC069-12 requires; 4 px per module and the 4-module quiet zone keep it readable at 110 pt.
  return QRCode.toBuffer(epcQrPayload(transfer), { errorCorrectionLevel: 'M', margin: 4, scale: 4, type: 'png' });
}

const QR_SIZE = 110;

function scanToPay(doc: Doc, at: Layout, png: Buffer): void {
  at.ensure(QR_SIZE + 10);
  const top = at.y - 10;
  doc.image(png, at.left, top, { width: QR_SIZE, height: QR_SIZE });
  const x = at.left + QR_SIZE + 12;
  const width = at.width - QR_SIZE - 12;
  let y = top + 28;
  y += draw(doc, 'Scan to pay', x, y, width, { font: FONT.bold, size: 11, color: COLOR.accent }) + 4;
  draw(
    doc,
    'Scan this code with your banking app: the beneficiary, IBAN, BIC, amount and payment reference are filled in for you ' +
      '(EPC QR code for SEPA credit transfers).',
    x,
    y,
    width,
    { color: COLOR.muted },
  );
  at.y = top + QR_SIZE + 16;
}

function notes(doc: Doc, at: Layout, invoice: InvoiceDocument): void {
  if (invoice.notes.length === 0) return;
  at.ensure(40);
  at.y += draw(doc, 'NOTES', at.left, at.y, at.width, { font: FONT.bold, size: 8, color: COLOR.muted }) + 4;
  for (const note of invoice.notes) {
    at.ensure(measure(doc, note, at.width) + 4);
    at.y += draw(doc, note, at.left, at.y, at.width) + 4;
  }
}

/** "Seller · VAT ID · number · Page 1 of 2", on every page, inside the bottom margin. */
function footers(doc: Doc, invoice: InvoiceDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not start a new page
    const parts = [invoice.seller.name, invoice.seller.vatId && `VAT ID ${invoice.seller.vatId}`, invoice.number];
    const text = `${parts.filter(Boolean).join('  ·  ')}  ·  Page ${i - range.start + 1} of ${range.count}`;
    const y = doc.page.height - MARGIN;
    rule(doc, MARGIN, doc.page.width - MARGIN, y - 8);
    draw(doc, text, MARGIN, y, doc.page.width - 2 * MARGIN, { size: 7.5, color: COLOR.muted, align: 'center' });
    doc.page.margins.bottom = bottomMargin;
  }
}

// ---- entry point ----

function toDate(value: Date | string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`invalid date ${String(value)}`);
  return date;
}

export async function renderInvoicePdf(invoice: InvoiceDocument): Promise<Buffer> {
  const qr = await proformaQrPng(invoice);
  return new Promise<Buffer>((resolve, reject) => {
    if (!isCurrency(invoice.currency)) throw new Error(`unsupported currency ${String(invoice.currency)}`);
    const money = (amountMinor: number) => formatMoney({ amountMinor, currency: invoice.currency });
    const issued = toDate(invoice.issueDate);
    const title = `${DOCUMENT_NAME[invoice.series]} ${invoice.number}`;
    const doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      lang: 'en',
      displayTitle: true,
      info: {
        Title: title,
        Author: invoice.seller.name,
        Subject: `${title} for ${invoice.buyer.name}`,
        Creator: 'billing-engine',
        Producer: 'PDFKit',
        // Fixed dates make the bytes (and the MD5-derived trailer /ID) a function of the invoice alone.
        CreationDate: issued,
        ModDate: issued,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    const at = new Layout(doc);
    header(doc, at, invoice, money);
    billTo(doc, at, invoice);
    lineTable(doc, at, invoice, money);
    totals(doc, at, invoice, money);
    if (invoice.series === 'proforma') paymentInstructions(doc, at, invoice, money);
    if (qr) scanToPay(doc, at, qr);
    notes(doc, at, invoice);
    footers(doc, invoice);
    doc.end();
  });
}
