/**
 * The HTML part of every e-mail, rendered with MJML (responsive markup that mail clients agree on) from the
 * same layout as the text part: greeting, paragraphs, label/value tables, and the button to the portal page
 * that fits the e-mail. Every value is escaped; nothing here reaches the text part.
 *
 * MJML compiles markup, it does not interpolate: compiling costs milliseconds (at a month end, more than the
 * invoice PDF), while the markup depends only on the layout's shape (which blocks, how many table rows). So a
 * shape is compiled once, with a placeholder for every value, and each e-mail fills the placeholders in. MJML
 * copies text and attribute values through unchanged, so the result is the markup compiling the values would
 * give (test/activities/email-html.test.ts compares the two for every e-mail).
 */
import mjml2html from 'mjml';
import type { EmailLayout } from './email-templates';

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const paragraph = (text: string) => escapeHtml(text).replace(/\n/g, '<br />');
/** A value as it goes into the markup: escaped, and a paragraph's newlines as line breaks. */
const escapedValue = (text: string, asParagraph: boolean) => (asParagraph ? paragraph(text) : escapeHtml(text));

/** The MJML source of a layout, each value given by `value(text, asParagraph)`. */
function mjmlSource(subject: string, layout: EmailLayout, value: (text: string, asParagraph: boolean) => string): string {
  const block = (b: EmailLayout['blocks'][number]): string => {
    if (b.kind === 'paragraph') return `<mj-text>${value(b.text, true)}</mj-text>`;
    if (b.kind === 'button')
      return `<mj-button href="${value(b.url, false)}" background-color="#0b5cad" color="#ffffff" font-weight="600" align="left">${value(b.label, false)}</mj-button>`;
    const rows = b.rows
      .map(
        ([label, cell]) =>
          `<tr><td style="padding:4px 16px 4px 0;color:#4a5360">${value(label, false)}</td><td style="padding:4px 0;font-weight:600">${value(cell, false)}</td></tr>`,
      )
      .join('');
    return `<mj-table>${rows}</mj-table>`;
  };
  return `<mjml lang="en">
  <mj-head>
    <mj-title>${value(subject, false)}</mj-title>
    <mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text font-size="15px" line-height="22px" color="#1b1f24" /></mj-attributes>
  </mj-head>
  <mj-body background-color="#f6f7f9">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text>${value(layout.greeting, true)}</mj-text>
        ${layout.blocks.map(block).join('\n        ')}
        <mj-text color="#4a5360">${value(layout.signature, true)}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

async function compile(source: string): Promise<string> {
  const { html, errors } = await mjml2html(source, { validationLevel: 'strict' });
  if (errors.length > 0) throw new Error(`e-mail layout: ${errors.map((e) => e.formattedMessage).join('; ')}`);
  return html;
}

/** Compiles the layout with its values in place: the reference the compiled shapes are held to. */
export function compileEmailHtml(subject: string, layout: EmailLayout): Promise<string> {
  return compile(mjmlSource(subject, layout, escapedValue));
}

const placeholder = (n: number) => `\u2060mjv${n}\u2060`;
const PLACEHOLDER = /\u2060mjv(\d+)\u2060/g;
/** The compiled markup of each layout shape, split at its placeholders (odd parts are value indexes). */
const compiledShapes = new Map<string, Promise<string[] | undefined>>();

/** Which blocks, how many rows, and which values are empty (MJML leaves out an attribute it would give ''). */
const shapeOf = (layout: EmailLayout, values: string[]) =>
  `${layout.blocks.map((b) => (b.kind === 'table' ? `table:${b.rows.length}` : b.kind)).join(',')}|${values.map((v) => (v ? 1 : 0)).join('')}`;

async function compileShape(subject: string, layout: EmailLayout, values: string[]): Promise<string[] | undefined> {
  let n = 0;
  const html = await compile(
    mjmlSource(subject, layout, () => {
      const index = n++;
      return values[index] ? placeholder(index) : '';
    }),
  );
  const parts = html.split(PLACEHOLDER);
  // Every value must land where MJML put it (the title lands twice: <title> and the body's aria-label);
  // a shape where one did not is compiled per e-mail instead.
  const expected = values.flatMap((v, i) => (v ? [i] : []));
  const seen = new Set(parts.filter((_, i) => i % 2 === 1).map(Number));
  return seen.size === expected.length && expected.every((i) => seen.has(i)) ? parts : undefined;
}

export async function renderEmailHtml(subject: string, layout: EmailLayout): Promise<string> {
  const values: string[] = [];
  mjmlSource(subject, layout, (text, asParagraph) => {
    values.push(escapedValue(text, asParagraph));
    return '';
  });
  const shape = shapeOf(layout, values);
  let compiled = compiledShapes.get(shape);
  if (!compiled) {
    compiled = compileShape(subject, layout, values);
    compiledShapes.set(shape, compiled);
  }
  const parts = await compiled;
  if (!parts) return compileEmailHtml(subject, layout);
  return parts.map((part, i) => (i % 2 === 1 ? values[Number(part)] : part)).join('');
}
