// What concerns the signed-in person only: their notification preferences, and in demo mode the mails
// Relais would have sent them (the outbox, viewable in the app since nothing leaves the machine).
import type { FastifyInstance } from 'fastify';
import {
  getNotificationPreferences,
  NOTIFICATION_KINDS,
  type NotificationKind,
  setNotificationPreference,
} from '../../actes/transmission/index.ts';
import { sendPage } from '../../auth/http/pages.ts';
import { principalOf } from '../../auth/index.ts';
import type { Db } from '../../db/types.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import { listOutbox } from '../../notify/index.ts';
import { html } from '../ui/html.ts';
import type { Mode } from '../ui/layout.ts';

const own = { access: 'signed-in' } as const;

function personOf(req: Parameters<typeof principalOf>[0]) {
  const p = principalOf(req);
  if (!p.user)
    throw new AppError(
      'FORBIDDEN',
      'Un jeton d’accès n’a pas de préférences : il représente un logiciel, pas une personne.',
    );
  return { principal: p, user: p.user };
}

export function registerMeRoutes(
  app: FastifyInstance,
  deps: { db: Db; mode: Mode; secureCookies: boolean },
): void {
  app.get('/api/v1/me/notifications', { config: own }, async (req) => {
    const { user } = personOf(req);
    const prefs = await getNotificationPreferences(deps.db, user.id);
    return Object.entries(NOTIFICATION_KINDS).map(([kind, label]) => ({
      kind,
      label,
      enabled: prefs[kind as NotificationKind],
    }));
  });

  app.put('/api/v1/me/notifications', { config: own }, async (req) => {
    const { user } = personOf(req);
    const body = req.body as Record<string, unknown> | null;
    const entries = Object.entries(body ?? {});
    const problems = entries
      .filter(([k, v]) => !(k in NOTIFICATION_KINDS) || typeof v !== 'boolean')
      .map(([k]) => ({
        field: k,
        message: `« ${k} » : indiquez true ou false pour l’un de ${Object.keys(NOTIFICATION_KINDS).join(', ')}.`,
      }));
    if (problems.length || entries.length === 0)
      throw validationError(
        problems.length ? problems : [{ field: 'body', message: 'Envoyez par exemple { "ar": false }.' }],
      );
    for (const [k, v] of entries)
      await setNotificationPreference(deps.db, user.id, k as NotificationKind, v as boolean);
    const prefs = await getNotificationPreferences(deps.db, user.id);
    return Object.entries(NOTIFICATION_KINDS).map(([kind, label]) => ({
      kind,
      label,
      enabled: prefs[kind as NotificationKind],
    }));
  });

  app.get('/boite-d-envoi', { config: own }, async (req, reply) => {
    const p = principalOf(req);
    const mails = await listOutbox(deps.db, p.isOperatorAdmin ? 'all' : p.user ? [p.user.email] : []);
    const body = html`<h1>Courriels envoyés par Relais</h1>
<p class="note">${
      deps.mode === 'production'
        ? 'En production, les courriels partent par le serveur de messagerie ; cette boîte ne garde que ceux d’avant sa configuration.'
        : 'Démonstration : aucun courriel ne quitte la machine. Voici ceux que Relais aurait envoyés.'
    }</p>
${
  mails.length === 0
    ? html`<p>Aucun courriel pour l’instant.</p>`
    : mails.map(
        (m) => html`<article><h2>${m.subject}</h2>
<p><small>Le ${m.createdAt.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })}, à ${m.recipients.join(', ')}${
          m.attachments.length
            ? html` — pièces jointes : ${m.attachments.map((a) => a.filename).join(', ')}`
            : ''
        }</small></p>
<pre style="white-space:pre-wrap">${m.bodyText}</pre></article>`,
      )
}`;
    return sendPage(req, reply, deps, { title: 'Courriels envoyés', body });
  });
}
