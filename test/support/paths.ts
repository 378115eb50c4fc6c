// Shared locations for the test database templates.
import path from 'node:path';

export const TEMPLATE_DUMP = path.resolve('.tmp/test-template.tar');
export const TEMPLATE_DB = 'relais_test_template';

export function serverUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
