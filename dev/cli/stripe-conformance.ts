import { checkConformance, readRequestLog } from '../stripe-emulator/conformance';

const HELP = `npm run stripe-conformance -- <request log> [--all]

Checks the requests a Stripe emulator recorded (STRIPE_EMULATOR_REQUEST_LOG=<file> before a run,
e.g. \`STRIPE_EMULATOR_REQUEST_LOG=/tmp/stripe.jsonl npm test\`) against the parameters the stripe
SDK declares for each endpoint: names, enums and required ones. Tollgate's requests (its client
names itself "tollgate") only, unless --all. Exit status 1 when any request does not conform.`;

const [path, flag] = process.argv.slice(2);
if (!path || path === '-h' || path === '--help') {
  process.stdout.write(`${HELP}\n`);
  process.exit(path ? 0 : 2);
}
const report = checkConformance(readRequestLog(path), flag === '--all' ? undefined : /tollgate/);
const ops = Object.entries(report.operations).sort(([a], [b]) => a.localeCompare(b));
process.stdout.write(`${report.requests} request(s), ${ops.length} SDK operation(s):\n`);
for (const [op, n] of ops) process.stdout.write(`  ${op.padEnd(40)} ${String(n).padStart(6)}\n`);
for (const u of report.unknownEndpoints) process.stdout.write(`not an SDK endpoint: ${u.method} ${u.route}\n`);
for (const v of report.violations)
  process.stdout.write(`${v.operation}: ${v.violations.map((x) => x.message).join('; ')}\n`);
process.stdout.write(
  `${report.violations.length} non-conforming request(s), ${report.unknownEndpoints.length} to unknown endpoints\n`,
);
process.exitCode = report.violations.length || report.unknownEndpoints.length ? 1 : 0;
