import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createTableContext, type TableContext } from '#shared/adapters/dynamodb/client';
import { creditLedgerRepository } from '#shared/adapters/dynamodb/repositories/credit-ledger';
import { grantItem } from '#shared/adapters/dynamodb/repositories/grants';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { logBus } from '#shared/adapters/events/bus';
import { catalog } from '#shared/domain/catalog/catalog';
import { isPurchaseGrant } from '#shared/domain/checkout/purchases';
import { migratePackGrant } from '#shared/domain/credits/migrate';
import type { CreditPorts } from '#shared/domain/credits/ports';
import { verifyLedgers } from '#shared/domain/credits/verify';
import { type DemoFile, parseFlags, runWhenInvoked, UsageError } from './common';
import { resolveTarget } from './keys';

export const HELP = `npm run credits -- <verify|migrate-packs> [--endpoint URL] [--table NAME] [--region NAME] [--json]

  verify          rebuild every workspace's balance from its ledger entries and report each
                  mismatch (buckets, entry count, balance_after, a bucket below zero); exit 1 if any
  migrate-packs   move credit-pack grants written by earlier versions (they raised one window's
                  ai_credits limit) into the ledger as purchased credits, then delete the grants;
                  running it again moves nothing twice

Which table: --endpoint, --table, --region as for npm run keys; without them TABLE_NAME (and
DYNAMODB_ENDPOINT) from the environment, else the local stack of \`npm start\`.`;

export interface CliIo {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  demo?: () => DemoFile | undefined;
}

function creditPortsFor(table: TableContext): CreditPorts {
  return {
    credits: creditLedgerRepository(table),
    catalog: { forProject: async () => catalog },
    history: historyRepository(table),
    bus: logBus,
    clock: () => new Date(),
    graceDays: 7,
  };
}

async function migrate(table: TableContext, io: CliIo): Promise<{ moved: number; already: number }> {
  const ports = creditPortsFor(table);
  const out = { moved: 0, already: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const r = await table.doc.send(
      new ScanCommand({
        TableName: table.tableName,
        FilterExpression: 'entity = :e',
        ExpressionAttributeValues: { ':e': grantItem.entity },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of r.Items ?? []) {
      const { projectId, grant } = grantItem.fromItem(item);
      if (!isPurchaseGrant(grant.grant_id)) continue;
      const paymentIntentId = grant.grant_id.slice('grt_'.length);
      const done = await migratePackGrant(ports, {
        ref: { projectId, workspaceId: grant.workspace_id },
        paymentIntentId,
        held: Number(grant.quantity ?? 0),
        reason: grant.reason.replace(/ \(.*\)$/, ''),
      });
      out[done] += 1;
      await table.doc.send(new DeleteCommand({ TableName: table.tableName, Key: { PK: item.PK, SK: item.SK } }));
      io.out(
        `  ${done === 'moved' ? 'moved' : 'already in the ledger'}: ${projectId}/${grant.workspace_id} ${paymentIntentId} (${grant.quantity} credits)\n`,
      );
    }
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values: f, positionals } = parseFlags(argv, {
      endpoint: { type: 'string' },
      table: { type: 'string' },
      region: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (f.help) {
      io.out(`${HELP}\n`);
      return 0;
    }
    const command = positionals[0];
    if (command !== 'verify' && command !== 'migrate-packs')
      throw new UsageError(command ? `Unknown command '${command}'` : 'Give a command');
    const target = resolveTarget(f, io.env, io.demo?.());
    const table = createTableContext({ tableName: target.tableName, endpoint: target.endpoint, region: target.region });
    if (command === 'migrate-packs') {
      const r = await migrate(table, io);
      io.out(
        f.json
          ? `${JSON.stringify(r)}\n`
          : `Moved ${r.moved} credit-pack grant(s) into the ledger (${r.already} were there already).\n`,
      );
      return 0;
    }
    const report = await verifyLedgers(creditLedgerRepository(table), (n) => {
      if (!f.json && n % 100 === 0) io.err(`  verified ${n} workspaces…\n`);
    });
    if (f.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
    else {
      io.out(
        `Verified ${report.workspaces} workspace ledger(s), ${report.entries} entries: ${report.mismatches.length} mismatch(es).\n`,
      );
      for (const m of report.mismatches) io.out(`  ${m.project_id}/${m.workspace_id}: ${m.problems.join('; ')}\n`);
    }
    return report.mismatches.length ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n${HELP}\n`);
      return 2;
    }
    io.err(`credits failed: ${(e as Error).message}\n`);
    return 1;
  }
}

await runWhenInvoked(import.meta.url, main);
