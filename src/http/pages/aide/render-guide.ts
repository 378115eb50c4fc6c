// Turns the user guide (docs/guide-utilisateur.md, a small subset of Markdown: headings, lists,
// paragraphs, **bold**, [links](/local)) into escaped HTML. Only local links are kept as links.
import { escapeHtml, SafeHtml } from '../../ui/html.ts';

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\((\/[A-Za-z0-9/#_-]*)\)/g, '<a href="$2">$1</a>');
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function renderGuide(markdown: string): {
  title: string;
  body: SafeHtml;
  sections: { id: string; title: string }[];
} {
  const out: string[] = [];
  const sections: { id: string; title: string }[] = [];
  let title = 'Aide';
  let list = false;
  const close = () => {
    if (list) out.push('</ul>');
    list = false;
  };
  for (const raw of markdown.split('\n')) {
    const line = raw.trimEnd();
    if (line.startsWith('# ')) {
      close();
      title = line.slice(2);
    } else if (line.startsWith('## ')) {
      close();
      const t = line.slice(3);
      sections.push({ id: slug(t), title: t });
      out.push(`<h2 id="${slug(t)}">${inline(t)}</h2>`);
    } else if (line.startsWith('- ')) {
      if (!list) out.push('<ul>');
      list = true;
      out.push(`<li>${inline(line.slice(2))}</li>`);
    } else if (line === '') close();
    else {
      close();
      out.push(`<p>${inline(line)}</p>`);
    }
  }
  close();
  return { title, body: new SafeHtml(out.join('\n')), sections };
}
