// Requests and their file: list, new request (or renewal prefilled), the request page, documents,
// submit / check / return / cancel.
import type { FastifyInstance } from 'fastify';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import type { RequestPanel } from '../request-panels.ts';

export function registerFilePages(
  _app: FastifyInstance,
  _deps: CertificationPagesDeps,
  _panels: readonly RequestPanel[],
): void {}
