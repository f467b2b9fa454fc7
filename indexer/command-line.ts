/**
 * Command-line options for the project's scripts (the indexer, eval, load): one behaviour for all of them —
 * an unknown option prints the problem and the usage and exits 2, `--help` prints the usage and exits 0.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed option values, or the exit code the script should return right away. */
export function parseOptions<O extends Options>(
  options: O,
  usage: string,
  argv: string[] = process.argv.slice(2),
): { values: ReturnType<typeof parseArgs<{ options: O; strict: true; args: string[] }>>['values'] } | { exitCode: number } {
  let parsed;
  try {
    parsed = parseArgs({ options: { ...options, help: { type: 'boolean' } }, strict: true, args: argv });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    return { exitCode: 2 };
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    return { exitCode: 0 };
  }
  return { values: parsed.values as never };
}
