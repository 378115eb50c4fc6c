// The schema's first complaint about a received file, worded for an anomaly detail.
import type { CompiledXsd } from '../../../actes/protocol/xsd-validator.ts';

export function firstSchemaIssue(schema: CompiledXsd, bytes: Uint8Array): string | undefined {
  const r = schema.validate(bytes);
  if (r.ok) return undefined;
  const issue = r.issues[0];
  return issue ? `ligne ${issue.line} : ${issue.message}` : 'document invalide';
}
