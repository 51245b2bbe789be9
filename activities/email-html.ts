/**
 * The HTML part of every e-mail, rendered with MJML (responsive markup that mail clients agree on) from the
 * same layout as the text part: greeting, paragraphs, label/value tables, and the button to the portal page
 * that fits the e-mail. Every value is escaped; nothing here reaches the text part.
 */
import mjml2html from 'mjml';
import type { EmailLayout } from './email-templates';

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const paragraph = (text: string) => escapeHtml(text).replace(/\n/g, '<br />');

function block(b: EmailLayout['blocks'][number]): string {
  if (b.kind === 'paragraph') return `<mj-text>${paragraph(b.text)}</mj-text>`;
  if (b.kind === 'button')
    return `<mj-button href="${escapeHtml(b.url)}" background-color="#0b5cad" color="#ffffff" font-weight="600" align="left">${escapeHtml(b.label)}</mj-button>`;
  const rows = b.rows
    .map(
      ([label, value]) =>
        `<tr><td style="padding:4px 16px 4px 0;color:#4a5360">${escapeHtml(label)}</td><td style="padding:4px 0;font-weight:600">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  return `<mj-table>${rows}</mj-table>`;
}

export async function renderEmailHtml(subject: string, layout: EmailLayout): Promise<string> {
  const source = `<mjml lang="en">
  <mj-head>
    <mj-title>${escapeHtml(subject)}</mj-title>
    <mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text font-size="15px" line-height="22px" color="#1b1f24" /></mj-attributes>
  </mj-head>
  <mj-body background-color="#f6f7f9">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text>${paragraph(layout.greeting)}</mj-text>
        ${layout.blocks.map(block).join('\n        ')}
        <mj-text color="#4a5360">${paragraph(layout.signature)}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
  const { html, errors } = await mjml2html(source, { validationLevel: 'strict' });
  if (errors.length > 0) throw new Error(`e-mail layout: ${errors.map((e) => e.formattedMessage).join('; ')}`);
  return html;
}
