// The frame of every console page: a banner that nobody can miss (this is not the real préfecture),
// the navigation, a notice or an error carried in the address after an action, and small inline styles.
import { html, SafeHtml } from '../../../http/ui/html.ts';

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1c1c1c;background:#f6f6f4}
.banner{background:#8a1c1c;color:#fff;padding:.6rem 1rem;font-weight:600}
nav{background:#fff;border-bottom:1px solid #ddd;padding:.5rem 1rem}nav a{margin-right:1rem}
main{padding:1rem;max-width:75rem}h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
.notice{background:#e6f4ea;border:1px solid #9bc9a5;padding:.5rem 1rem}.error{background:#fdecea;border:1px solid #e6a09a;padding:.5rem 1rem}
form.inline{display:inline}fieldset{background:#fff;border:1px solid #ccc;margin:.5rem 0;padding:.5rem 1rem}
label{display:block;margin:.3rem 0}input[type=text],textarea{width:100%;max-width:40rem}textarea{height:4rem}
code{font-size:.85rem}.muted{color:#666}`;

export interface Flash {
  info?: string;
  erreur?: string;
}

export function layout(title: string, prefectureName: string, flash: Flash, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>${title} — ${prefectureName} (simulateur)</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${new SafeHtml(STYLE)}</style></head>
<body>
<div class="banner" role="note">Préfecture simulée — ${prefectureName}. Simulateur de formation et de test de Relais : rien de ce qui se passe ici ne concerne une vraie préfecture.</div>
<nav><a href="/">Actes reçus</a><a href="/console/journal">Journal</a><a href="/console/reglages">Réglages</a></nav>
<main>
${flash.info ? html`<p class="notice" role="status">${flash.info}</p>` : ''}
${flash.erreur ? html`<p class="error" role="alert">${flash.erreur}</p>` : ''}
<h1>${title}</h1>
${body}
</main>
</body>
</html>`.toString();
}

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  dateStyle: 'short',
  timeStyle: 'medium',
});

export function frenchInstant(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}
