// The page frame shared by every page: French, landmarks, a skip link, our own style sheet, and a visible
// banner outside production. Pages of a collectivité pass their header and navigation (app-frame.ts).
import { html, type SafeHtml } from './html.ts';

export type Mode = 'demo' | 'production' | 'training';

const BANNERS: Record<Mode, string | null> = {
  demo: 'Démonstration : les envois sont simulés, rien n’est transmis à la préfecture.',
  training: 'Formation : bac à sable, rien n’est transmis à la préfecture.',
  production: null,
};

export function layout(opts: {
  title: string;
  mode: Mode;
  body: SafeHtml;
  /** The top bar (brand, collectivité, person); a plain brand when absent. */
  header?: SafeHtml;
  /** The main navigation, under the top bar. */
  nav?: SafeHtml;
}): string {
  const banner = BANNERS[opts.mode];
  return html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} — Relais</title>
<link rel="stylesheet" href="/static/relais.css">
<script src="/static/relais.js" defer></script>
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
${banner ? html`<div class="banner" role="note">${banner}</div>` : ''}
<header class="site">${
    opts.header ??
    html`<div class="topbar"><div class="wrap"><a class="brand" href="/">Relais<small>Télétransmission des actes au contrôle de légalité</small></a></div></div>`
  }${opts.nav ?? ''}</header>
<main id="contenu" tabindex="-1">${opts.body}</main>
<footer class="site"><div class="wrap">Relais, plateforme du syndicat mixte pour ses collectivités membres · <a href="/aide">Aide</a> · <a href="/certificat">Tester mon certificat</a></div></footer>
</body>
</html>`.value;
}
