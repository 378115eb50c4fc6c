// Starts the préfecture simulator in-process: journal replayed into the state, HTTPS intake with mutual
// TLS, reply mails on their schedule, console and control API. Tests, the demo mode and the benchmarks
// use the handle it returns; `relais simulateur` wraps it.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { RetourClassificationData } from '../../actes/protocol/index.ts';
import { compileActesSchema } from './actes-schema.ts';
import { ActionError } from './actions/action-error.ts';
import { acknowledgeAnswerNow, publishClassification, registerSiren } from './actions/manage-prefecture.ts';
import { sendLetter } from './actions/send-letter.ts';
import { createControlServer, type SimulatorOperations } from './control/control-server.ts';
import { FaultInjector } from './faults/fault-injector.ts';
import { classificationModel } from './intake/classification-model.ts';
import { createIntakeServer, INTAKE_PATH } from './intake/intake-server.ts';
import { ARCHIVES_DIR } from './intake/process-archive.ts';
import { UPLOADS_DIR } from './intake/store-upload.ts';
import { type JournalReader, openJournal } from './journal/journal.ts';
import { type ActState, applyEntry, currentClassification, emptyState } from './journal/simulator-state.ts';
import { createSmtpTransport } from './replies/mailer.ts';
import { Outbox } from './replies/outbox.ts';
import { OUTBOX_DIR, OutboxFiles } from './replies/outbox-files.ts';
import { recorder, type SimulatorContext, serializer } from './simulator-context.ts';
import { type PrefectureSimulatorOptions, resolveOptions } from './simulator-options.ts';

export interface PrefectureSimulator extends SimulatorOperations {
  /** Where the platform POSTs its archives (HTTPS, mutual TLS). */
  intakeUrl: string;
  /** Console (HTML, at /) and control API (JSON), plain HTTP on loopback. */
  controlUrl: string;
  /** The server certificate (PEM) the platform pins. */
  serverCertificate: string;
  journal: JournalReader;
  acts(): ActState[];
  act(idActe: string): ActState | undefined;
  classification(): RetourClassificationData;
  sirens(): string[];
  stop(): Promise<void>;
}

export { ActionError };

export async function startPrefectureSimulator(
  input: PrefectureSimulatorOptions,
): Promise<PrefectureSimulator> {
  const options = resolveOptions(input);
  // Made once here, not for each act received.
  for (const dir of [UPLOADS_DIR, ARCHIVES_DIR, OUTBOX_DIR])
    mkdirSync(path.join(options.dataDir, dir), { recursive: true });
  const journal = openJournal(options.dataDir, { durable: options.durable });
  const state = emptyState(options.classification, options.sirens);
  for (const entry of journal.entries()) applyEntry(state, entry);
  const record = recorder(journal, state, () => options.clock.now());
  for (const siren of options.sirens)
    if (!state.sirens.has(siren)) record({ type: 'siren-registered', siren });
  const faults = new FaultInjector(options.faults);
  const transport =
    options.mailTransport ??
    (options.smtp !== undefined ? createSmtpTransport(options.smtp, options.mailConnections) : undefined);
  const files = new OutboxFiles(options.dataDir);
  const outbox = new Outbox({
    state,
    record,
    clock: options.clock,
    faults,
    transport,
    files,
    mailFrom: options.mailFrom,
    concurrency: options.mailConnections,
  });
  const schema = compileActesSchema();
  const ctx: SimulatorContext = {
    options,
    state,
    journal,
    outbox,
    faults,
    schema,
    classification: classificationModel(state),
    record,
    serialize: serializer(),
    replies: {
      state,
      files,
      departement: options.departement,
      prefectureName: options.prefectureName,
      mailFrom: options.mailFrom,
    },
  };
  const ops: SimulatorOperations = {
    sendLetter: (idActe, request) => ctx.serialize(() => sendLetter(ctx, idActe, request)),
    acknowledgeAnswer: (idActe, code) => ctx.serialize(() => acknowledgeAnswerNow(ctx, idActe, code)),
    publishClassification: (p = {}) => ctx.serialize(async () => publishClassification(ctx, p)),
    registerSiren: (siren) => ctx.serialize(async () => registerSiren(ctx, siren)),
    faults: {
      status: () => faults.status(),
      update(changes) {
        faults.update(changes);
        const status = faults.status();
        record({ type: 'faults-changed', settings: status.settings });
        return status;
      },
    },
    flush: () => outbox.flush(),
  };
  const intake = await createIntakeServer(ctx);
  const control = await createControlServer(ctx, ops);
  try {
    await intake.app.listen({ host: options.host, port: options.intakePort });
    await control.listen({ host: options.host, port: options.controlPort });
  } catch (e) {
    await Promise.allSettled([intake.app.close(), control.close()]);
    journal.close();
    schema.dispose();
    throw e;
  }
  outbox.wake();
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  const portOf = (server: { address(): AddressInfo | string | null }) =>
    (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;

  return {
    intakeUrl: `https://${hostPart}:${portOf(intake.app.server)}${INTAKE_PATH}`,
    controlUrl: `http://${hostPart}:${portOf(control.server)}`,
    serverCertificate: options.tls.cert,
    journal,
    acts: () => [...state.acts.values()],
    act: (idActe) => state.acts.get(idActe),
    classification: () => currentClassification(state),
    sirens: () => [...state.sirens],
    ...ops,
    stop() {
      stopped ??= (async () => {
        await outbox.stop();
        intake.releaseHeld();
        intake.app.server.closeAllConnections();
        await Promise.allSettled([intake.app.close(), control.close()]);
        await ctx.serialize(async () => undefined);
        transport?.close?.();
        journal.close();
        schema.dispose();
      })();
      return stopped;
    },
  };
}
