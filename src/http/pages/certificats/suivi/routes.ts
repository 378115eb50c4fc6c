// Lifecycle care: revocation requests and confirmations, the elections campaign, the registry and the
// board's figures, the CA catalogue and RA officers, the holder's own certificates.
import type { FastifyInstance } from 'fastify';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import type { RequestPanel } from '../request-panels.ts';

export const lifecyclePanels: RequestPanel[] = [];

export function registerLifecyclePages(_app: FastifyInstance, _deps: CertificationPagesDeps): void {}
