// The job kinds this platform runs, each mapped to a small handler that calls a use case.
import {
  BUILD_JOB,
  buildActArchive,
  buildOutboundArchive,
  CLASSIFY_ALL_JOB,
  CLASSIFY_JOB,
  NOTIFY_JOB,
  type NotifyDeps,
  type NotifyPayload,
  OUTBOUND_JOB,
  processInboundMail,
  RECEIVE_JOB,
  requestAllClassifications,
  requestClassification,
  SEND_JOB,
  sendActNotification,
  sendTransmission,
} from '../actes/transmission/index.ts';
import type { JobHandlers } from '../jobs/index.ts';
import type { Logger } from '../kernel/logger.ts';

export interface WorkerDeps {
  transmission: NotifyDeps;
  logger: Logger;
}

export function jobHandlers(deps: WorkerDeps): JobHandlers {
  const t = deps.transmission;
  return {
    [BUILD_JOB]: (job) => buildActArchive(t, job.payload as { actId: string; collectiviteId: string }),
    [OUTBOUND_JOB]: (job) => buildOutboundArchive(t, job.payload as { transmissionId: string }),
    [SEND_JOB]: (job) => sendTransmission(t, job.payload as { transmissionId: string }),
    [RECEIVE_JOB]: (job) => processInboundMail(t, job.payload as { mailId: string }),
    [CLASSIFY_JOB]: (job) => requestClassification(t, job.payload as { collectiviteId: string }),
    [CLASSIFY_ALL_JOB]: () => requestAllClassifications(t),
    [NOTIFY_JOB]: (job) => sendActNotification(t, job.payload as NotifyPayload),
  };
}
