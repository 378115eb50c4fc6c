// The CA side: group orders and their export, the issued certificate (connector or PEM/DER import),
// appointment and handover report, linking the certificate to the holder's account.
import type { FastifyInstance } from 'fastify';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import type { RequestPanel } from '../request-panels.ts';

export const caPanels: RequestPanel[] = [];

export function registerCaPages(_app: FastifyInstance, _deps: CertificationPagesDeps): void {}
