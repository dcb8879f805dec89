import { execFileSync } from 'node:child_process';
import { nodeBinary, startBacking, verifyBundles } from '../bundle-check';
import { parseFlags, UsageError } from './common';

const HELP = `npm run verify:bundles [-- --node <major>[,<major>…]]

Builds one Lambda of each kind (HTTP route, webhook receivers, the three consumers, the reconcile
job) with the stack's esbuild options, loads each bundle in a fresh Node process as the Lambda
runtime does, and invokes it twice with an event shaped as AWS sends it, against DynamoDB Local
and the Stripe and Razorpay emulators it starts. Fails on a missing module, an ESM/CJS problem, a
wrong answer, or other than one metrics record per invocation.

  --node <majors>  Node versions to run on (default: 24, the Lambda runtime's; "current" is this
                   Node). Another major is fetched from the npm registry with
                   \`npx -p node@<major>\` on first use and cached by npm.
  -h, --help       this text
Exit status: 0 every bundle answered as expected, 1 a bundle failed, 2 bad arguments.`;

async function main(argv: string[]): Promise<number> {
  try {
    const { values } = parseFlags(argv, {
      node: { type: 'string', default: '24' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const majors = values.node.split(',').map((v) => v.trim());
    for (const m of majors)
      if (m !== 'current' && !/^\d{2}$/.test(m))
        throw new UsageError(`--node takes majors like 24 or "current", got "${m}"`);
    const backing = await startBacking();
    let failed = 0;
    try {
      for (const major of majors) {
        const node = nodeBinary(major);
        const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
        const target = `node${version.slice(1).split('.')[0]}`;
        process.stdout.write(`Node ${version} (${node}), esbuild target ${target}\n`);
        const reports = await verifyBundles({ node, target, backing, log: (l) => process.stdout.write(`  ${l}\n`) });
        failed += reports.filter((r) => r.problems.length).length;
      }
    } finally {
      await backing.stop();
    }
    process.stdout.write(
      failed ? `${failed} bundle check(s) failed\n` : 'every bundle loaded and answered as expected\n',
    );
    return failed ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`verify:bundles: ${e.message}\nRun \`npm run verify:bundles -- --help\` for usage.\n`);
      return 2;
    }
    process.stderr.write(`verify:bundles: ${(e as Error).stack}\n`);
    return 1;
  }
}

process.exit(await main(process.argv.slice(2)));
