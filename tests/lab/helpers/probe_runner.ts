/**
 * Runs `keepalive-config probe ...` or `keepalive-config echo ...` as the CLI does, through
 * lib/probe/command.ts (until lib/cli.ts dispatches the subcommands): `tsx probe_runner.ts probe ARGS`.
 */
import { echoMain, probeMain } from '../../../lib/probe/command';

const [sub, ...rest] = process.argv.slice(2);
const main = sub === 'echo' ? echoMain : sub === 'probe' ? probeMain : undefined;
if (main === undefined) {
  process.stderr.write('usage: probe_runner.ts probe|echo ARGS\n');
  process.exitCode = 2;
} else {
  void main(rest).then((code) => {
    process.exitCode = code;
  });
}
