// Runs the relais command in-process with captured output and its own environment.
import { runCli } from '../../src/cli/main.ts';

export async function relais(
  args: string[],
  env: Record<string, string | undefined>,
  cwd = process.cwd(),
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env, cwd });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
