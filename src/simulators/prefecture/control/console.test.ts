// The French console: every page says it is a simulator, lists the acts received with their text
// escaped, and its forms send the préfecture's letters, publish a classification and register a SIREN;
// a form posted from another site is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  messageOf,
  openReply,
  SIREN_A,
  sirenOf,
  startHarness,
} from '../test-support/simulator-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const page = async (path: string) => {
  const res = await fetch(`${h.sim.controlUrl}${path}`);
  return { status: res.status, html: await res.text(), type: res.headers.get('content-type') };
};

function postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${h.sim.controlUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('console', () => {
  it('lists the acts received, escaped, under a banner saying it is a simulator', async () => {
    const act = await h.receiveAct(SIREN_A, 'CONSOLE_01', { objet: 'Travaux <urgents> & "divers"' });
    const home = await page('/');
    expect(home.type).toContain('text/html');
    expect(home.html).toContain('Préfecture simulée');
    expect(home.html).toContain(act.idActe);
    expect(home.html).toContain('Travaux &lt;urgents&gt; &amp; &quot;divers&quot;');
    expect(home.html).not.toContain('<urgents>');
    const detail = await page(`/console/actes/${act.idActe}`);
    expect(detail.html).toContain('Demande de pièces complémentaires');
    expect(detail.html).toContain(`Acquitté le 12/03/2025`);
    expect((await page('/console/actes/048-000000000-20250101-X-DE')).status).toBe(404);
  });

  it('sends a demande de pièces from its form, then shows it', async () => {
    const act = await h.receiveAct(SIREN_A, 'CONSOLE_02');
    const res = await postForm(`/console/actes/${act.idActe}/courrier`, {
      code: '3-1',
      descriptionPieces: 'le procès-verbal',
      texte: '',
    });
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get('location')!)).toContain('?info=Courrier 3-1 envoyé');
    const mail = await h.smtp.waitFor((m) => m.subject.includes(act.idActe) && m.subject.includes(' 3-1 '));
    expect(messageOf(await openReply(mail), 'DemandePieceComplementaire').descriptionPieces).toBe(
      'le procès-verbal',
    );
    expect((await page(`/console/actes/${act.idActe}`)).html).toContain('le procès-verbal');
  });

  it('shows the refusal of an action as an error', async () => {
    const act = await h.receiveAct(SIREN_A, 'CONSOLE_03');
    const res = await postForm(`/console/actes/${act.idActe}/courrier`, { code: '4-1', motif: '' });
    expect(decodeURIComponent(res.headers.get('location')!)).toContain(
      '?erreur=Le motif des observations est obligatoire.',
    );
    const shown = await page(res.headers.get('location')!);
    expect(shown.html).toContain('role="alert">Le motif des observations est obligatoire.');
  });

  it('publishes a classification and registers a SIREN from the settings page', async () => {
    expect((await postForm('/console/classification', { date: '2025-03-01' })).status).toBe(303);
    expect(h.sim.classification().dateClassification).toBe('2025-03-01');
    const siren = sirenOf('21480055');
    expect((await postForm('/console/sirens', { siren })).status).toBe(303);
    expect(h.sim.sirens()).toContain(siren);
    const settings = await page('/console/reglages');
    expect(settings.html).toContain('01/03/2025');
    expect(settings.html).toContain(siren);
    expect((await page('/console/journal')).html).toContain('siren-registered');
  });

  it('refuses a form posted from another site', async () => {
    const res = await postForm(
      '/console/sirens',
      { siren: sirenOf('21480066') },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(res.status).toBe(403);
    const origin = await postForm(
      '/console/sirens',
      { siren: sirenOf('21480066') },
      { origin: 'https://ailleurs.example' },
    );
    expect(origin.status).toBe(403);
    expect(h.sim.sirens()).not.toContain(sirenOf('21480066'));
  });
});
