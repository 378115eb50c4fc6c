// The page frame shared by every page: French, landmarks, and a visible banner outside production.
import { html, type SafeHtml } from './html.ts';

export type Mode = 'demo' | 'production' | 'training';

const BANNERS: Record<Mode, string | null> = {
  demo: 'Démonstration : les envois sont simulés, rien n’est transmis à la préfecture.',
  training: 'Formation : bac à sable, rien n’est transmis à la préfecture.',
  production: null,
};

export function layout(opts: { title: string; mode: Mode; body: SafeHtml }): string {
  const banner = BANNERS[opts.mode];
  return html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} — Relais</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafaf7;line-height:1.5}
header,main,footer{padding:1rem 2rem;max-width:60rem;margin:auto}
.banner{background:#7a3b00;color:#fff;padding:.5rem 2rem;font-weight:600}
a{color:#0b4f8a} a:focus,button:focus{outline:3px solid #f0a500;outline-offset:2px}
</style>
</head>
<body>
${banner ? html`<div class="banner" role="note">${banner}</div>` : ''}
<header><strong>Relais</strong> — télétransmission des actes au contrôle de légalité</header>
<main id="contenu">${opts.body}</main>
<footer><small>Relais, plateforme du syndicat mixte pour ses collectivités membres.</small></footer>
</body>
</html>`.value;
}
